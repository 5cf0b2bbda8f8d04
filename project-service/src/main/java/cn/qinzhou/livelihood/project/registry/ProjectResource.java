package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
    private final Caller caller;

    public ProjectResource(RegistryService registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.LEAD_UNIT})
    @Operation(summary = "List a plan year's projects (year=, the current plan year by default), filtered by programme, "
            + "category, lead unit and status; a lead unit sees its own")
    public ProjectPage list(@QueryParam("year") Integer year,
                            @QueryParam("programme") @Min(1) Integer programmeId,
                            @QueryParam("category") Category category,
                            @QueryParam("leadUnit") String leadUnitId,
                            @QueryParam("status") ProjectStatus status,
                            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        String scope = caller.unitScope();
        if (scope != null && leadUnitId != null && !leadUnitId.equals(scope)) {
            caller.requireReach(leadUnitId, "lead unit " + leadUnitId);
        }
        return registry.list(new RegistryService.ProjectFilter(year, programmeId, category,
                scope != null ? scope : leadUnitId, status), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.LEAD_UNIT})
    @Operation(summary = "One project with its plan, split and (after an adjustment) original plan")
    public ProjectView get(@PathParam("id") String id) {
        ProjectView project = registry.get(id);
        caller.requireReach(project.leadUnitId(), "project " + id);
        return project;
    }

    @POST
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Register a project beyond the seeded plan")
    public RestResponse<ProjectView> register(@NotNull @Valid RegisterProjectRequest request) {
        ProjectView created = registry.register(request, caller.actor());
        return RestResponse.ResponseBuilder.<ProjectView>created(URI.create("/projects/" + created.id()))
                .entity(created).build();
    }

    @PUT
    @Path("/{id}/funding")
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Set total investment, annual plan and its split by funding source")
    public ProjectView updateFunding(@PathParam("id") String id, @NotNull @Valid FundingRequest request) {
        return registry.updateFunding(id, request, caller.actor());
    }

    @PUT
    @Path("/{id}/lead-unit")
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Assign the lead unit (牵头单位) that answers for the project")
    public ProjectView assignLeadUnit(@PathParam("id") String id, @NotNull @Valid AssignLeadUnitRequest request) {
        return registry.assignLeadUnit(id, request.leadUnitId(), caller.actor());
    }
}
