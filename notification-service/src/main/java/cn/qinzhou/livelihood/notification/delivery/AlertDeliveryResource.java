package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.notification.alerting.AlertService;
import cn.qinzhou.livelihood.notification.alerting.AlertView;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The delivery log of one alert, with the alert's own visibility (a lead unit: its own unit's alerts). */
@Path("/alerts/{id}/deliveries")
@Tag(name = "Deliveries", description = "预警送达记录: who was told of which alert change, by which channel, and how it went")
public class AlertDeliveryResource {

    private final DeliveryLog log;
    private final AlertService alerts;
    private final Caller caller;

    public AlertDeliveryResource(DeliveryLog log, AlertService alerts, Caller caller) {
        this.log = log;
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.PLANNER, Roles.LEAD_UNIT})
    @Operation(summary = "Who was told of the alert's changes, by which channel, when, in how many attempts, and how it ended")
    public List<DeliveryLog.DeliveryView> ofAlert(@PathParam("id") long id) {
        AlertView alert = alerts.get(id);
        caller.requireReach(alert.leadUnitId(), "alert " + id);
        return log.ofAlert(id);
    }
}
