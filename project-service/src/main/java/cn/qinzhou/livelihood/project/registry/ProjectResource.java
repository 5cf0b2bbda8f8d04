package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

@Path("/projects")
@Tag(name = "Projects", description = "The registry of livelihood projects (民生实事项目)")
public class ProjectResource {

    private final RegistryService registry;

    public ProjectResource(RegistryService registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List projects, filtered by programme, category, lead unit and status")
    public ProjectPage list(@QueryParam("programme") @Min(1) @Max(99) Integer programmeId,
                            @QueryParam("category") Category category,
                            @QueryParam("leadUnit") String leadUnitId,
                            @QueryParam("status") ProjectStatus status,
                            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return registry.list(new RegistryService.ProjectFilter(programmeId, category, leadUnitId, status), page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One project with its plan, split and (after an adjustment) original plan")
    public ProjectView get(@PathParam("id") String id) {
        return registry.get(id);
    }

    @POST
    @Operation(summary = "Register a project beyond the seeded plan")
    public RestResponse<ProjectView> register(@NotNull @Valid RegisterProjectRequest request) {
        ProjectView created = registry.register(request, "api");
        return RestResponse.ResponseBuilder.<ProjectView>created(URI.create("/projects/" + created.id()))
                .entity(created).build();
    }

    @PUT
    @Path("/{id}/funding")
    @Operation(summary = "Set total investment, annual plan and its split by funding source")
    public ProjectView updateFunding(@PathParam("id") String id, @NotNull @Valid FundingRequest request) {
        return registry.updateFunding(id, request, "api");
    }

    @PUT
    @Path("/{id}/lead-unit")
    @Operation(summary = "Assign the lead unit (牵头单位) that answers for the project")
    public ProjectView assignLeadUnit(@PathParam("id") String id, @NotNull @Valid AssignLeadUnitRequest request) {
        return registry.assignLeadUnit(id, request.leadUnitId(), "api");
    }
}
