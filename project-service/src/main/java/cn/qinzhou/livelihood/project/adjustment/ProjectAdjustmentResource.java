package cn.qinzhou.livelihood.project.adjustment;

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

    public ProjectAdjustmentResource(AdjustmentService adjustments) {
        this.adjustments = adjustments;
    }

    @POST
    @Operation(summary = "A lead unit asks to change the project's plan or to cancel it")
    public RestResponse<AdjustmentView> file(@PathParam("projectId") String projectId,
                                             @NotNull @Valid FileAdjustmentRequest request) {
        AdjustmentView filed = adjustments.file(projectId, request);
        return RestResponse.ResponseBuilder.<AdjustmentView>created(URI.create("/adjustment-requests/" + filed.id()))
                .entity(filed).build();
    }

    @GET
    public List<AdjustmentView> list(@PathParam("projectId") String projectId) {
        return adjustments.list(projectId, null);
    }
}
