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
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/")
@Tag(name = "Adjustment requests", description = "调整申请: plan changes and cancellations, approved or rejected by the planning office")
public class AdjustmentResource {

    private final AdjustmentService adjustments;

    public AdjustmentResource(AdjustmentService adjustments) {
        this.adjustments = adjustments;
    }

    @POST
    @Path("projects/{projectId}/adjustment-requests")
    @Operation(summary = "A lead unit asks to change the project's plan or to cancel it")
    public RestResponse<AdjustmentView> file(@PathParam("projectId") String projectId,
                                             @NotNull @Valid FileAdjustmentRequest request) {
        AdjustmentView filed = adjustments.file(projectId, request);
        return RestResponse.ResponseBuilder.<AdjustmentView>created(URI.create("/adjustment-requests/" + filed.id()))
                .entity(filed).build();
    }

    @GET
    @Path("adjustment-requests")
    public List<AdjustmentView> list(@QueryParam("project") String projectId, @QueryParam("status") AdjustmentStatus status) {
        return adjustments.list(projectId, status);
    }

    @GET
    @Path("adjustment-requests/{id}")
    public AdjustmentView get(@PathParam("id") long id) {
        return adjustments.get(id);
    }

    @POST
    @Path("adjustment-requests/{id}/approval")
    @Operation(summary = "Approve: the project takes the revised plan (the original is kept) or is cancelled")
    public AdjustmentView approve(@PathParam("id") long id, @NotNull @Valid DecideAdjustmentRequest decision) {
        return adjustments.approve(id, decision);
    }

    @POST
    @Path("adjustment-requests/{id}/rejection")
    public AdjustmentView reject(@PathParam("id") long id, @NotNull @Valid DecideAdjustmentRequest decision) {
        return adjustments.reject(id, decision);
    }
}
