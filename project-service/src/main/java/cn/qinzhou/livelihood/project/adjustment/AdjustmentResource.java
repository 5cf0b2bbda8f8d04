package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;

@Path("/adjustment-requests")
@Tag(name = "Adjustment requests", description = "调整申请: plan changes and cancellations, approved or rejected by the planning office")
public class AdjustmentResource {

    private final AdjustmentService adjustments;
    private final Caller caller;

    public AdjustmentResource(AdjustmentService adjustments, Caller caller) {
        this.adjustments = adjustments;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.LEAD_UNIT})
    public List<AdjustmentView> list(@QueryParam("project") String projectId, @QueryParam("status") AdjustmentStatus status) {
        return adjustments.list(projectId, status, caller.unitScope());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.LEAD_UNIT})
    public AdjustmentView get(@PathParam("id") long id) {
        AdjustmentView adjustment = adjustments.get(id);
        caller.requireReach(adjustments.leadUnitOf(adjustment.projectId()), "adjustment request " + id);
        return adjustment;
    }

    @POST
    @Path("{id}/approval")
    @Consumes(MediaType.APPLICATION_JSON) // a body in another type would be ignored, and the decision taken without its note
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Approve: the project takes the revised plan (the original is kept) or is cancelled")
    public AdjustmentView approve(@PathParam("id") long id, @Valid DecideAdjustmentRequest decision) {
        return adjustments.approve(id, decision, caller.actor());
    }

    @POST
    @Path("{id}/rejection")
    @Consumes(MediaType.APPLICATION_JSON) // a body in another type would be ignored, and the decision taken without its note
    @RolesAllowed(Roles.PLANNER)
    public AdjustmentView reject(@PathParam("id") long id, @Valid DecideAdjustmentRequest decision) {
        return adjustments.reject(id, decision, caller.actor());
    }
}
