package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/deliveries")
@Tag(name = "Deliveries", description = "预警送达记录: who was told of which alert change, by which channel, and how it went")
public class DeliveryResource {

    private final DeliveryLog log;

    public DeliveryResource(DeliveryLog log) {
        this.log = log;
    }

    @GET
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Deliveries by state, most recently changed first (e.g. ?state=FAILED: what nobody received)")
    public DeliveryLog.DeliveryPage list(@QueryParam("state") Delivery.State state,
                                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return log.list(state, page, size);
    }
}
