package cn.qinzhou.livelihood.project.adjustment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;

@Path("/adjustment-requests")
@Tag(name = "Adjustment requests", description = "调整申请: plan changes and cancellations, approved or rejected by the planning office")
public class AdjustmentResource {

    private final AdjustmentService adjustments;

    public AdjustmentResource(AdjustmentService adjustments) {
        this.adjustments = adjustments;
    }

    @GET
    public List<AdjustmentView> list(@QueryParam("project") String projectId, @QueryParam("status") AdjustmentStatus status) {
        return adjustments.list(projectId, status);
    }

    @GET
    @Path("{id}")
    public AdjustmentView get(@PathParam("id") long id) {
        return adjustments.get(id);
    }

    @POST
    @Path("{id}/approval")
    @Operation(summary = "Approve: the project takes the revised plan (the original is kept) or is cancelled")
    public AdjustmentView approve(@PathParam("id") long id, @NotNull @Valid DecideAdjustmentRequest decision) {
        return adjustments.approve(id, decision);
    }

    @POST
    @Path("{id}/rejection")
    public AdjustmentView reject(@PathParam("id") long id, @NotNull @Valid DecideAdjustmentRequest decision) {
        return adjustments.reject(id, decision);
    }
}
