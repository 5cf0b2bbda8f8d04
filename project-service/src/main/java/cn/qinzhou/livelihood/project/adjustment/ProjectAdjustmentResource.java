package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.project.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/projects/{projectId}/adjustment-requests")
@Tag(name = "Adjustment requests")
public class ProjectAdjustmentResource {

    private final AdjustmentService adjustments;
    private final RegistryService registry;
    private final Caller caller;

    public ProjectAdjustmentResource(AdjustmentService adjustments, RegistryService registry, Caller caller) {
        this.adjustments = adjustments;
        this.registry = registry;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.LEAD_UNIT)
    @Operation(summary = "A lead unit asks to change the project's plan or to cancel it")
    public RestResponse<AdjustmentView> file(@PathParam("projectId") String projectId,
                                             @NotNull @Valid FileAdjustmentRequest request) {
        caller.requireReach(registry.get(projectId).leadUnitId(), "project " + projectId);
        AdjustmentView filed = adjustments.file(projectId, request, caller.actor());
        return RestResponse.ResponseBuilder.<AdjustmentView>created(URI.create("/adjustment-requests/" + filed.id()))
                .entity(filed).build();
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.LEAD_UNIT})
    public List<AdjustmentView> list(@PathParam("projectId") String projectId) {
        caller.requireReach(registry.get(projectId).leadUnitId(), "project " + projectId);
        return adjustments.list(projectId, null, null);
    }
}
