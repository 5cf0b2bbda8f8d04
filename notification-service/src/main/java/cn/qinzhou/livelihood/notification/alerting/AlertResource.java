package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/alerts")
@Tag(name = "Alerts", description = "预警: overdue, reminder, slow progress, stalled and repeat-late alerts")
public class AlertResource {

    /** @param note why; who is taken from the token */
    public record NoteRequest(@Size(max = 2000) String note) {
    }

    private final AlertService alerts;
    private final Caller caller;
    private final PlanYearFilter planYears;

    public AlertResource(AlertService alerts, Caller caller, PlanYearFilter planYears) {
        this.alerts = alerts;
        this.caller = caller;
        this.planYears = planYears;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.PLANNER, Roles.LEAD_UNIT})
    @Operation(summary = "Alerts, newest first, filtered by rule, severity, state, programme, lead unit, period and "
            + "plan year (the periods of its reporting window)")
    public AlertService.AlertPage list(@QueryParam("rule") Alert.Rule rule, @QueryParam("severity") Alert.Severity severity,
                                       @QueryParam("state") Alert.State state, @QueryParam("programme") Integer programmeId,
                                       @QueryParam("leadUnit") String leadUnitId, @QueryParam("period") String period,
                                       @QueryParam("year") String year,
                                       @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                       @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        String scope = caller.unitScope();
        if (scope != null && leadUnitId != null) {
            caller.requireReach(leadUnitId, "lead unit " + leadUnitId);
        }
        return alerts.list(new AlertService.Filter(rule, severity, state, programmeId,
                scope != null ? scope : leadUnitId, period, planYears.require(year)), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.PLANNER, Roles.LEAD_UNIT})
    @Operation(summary = "One alert with its history (who, when, note)")
    public AlertView get(@PathParam("id") long id) {
        AlertView alert = alerts.get(id);
        caller.requireReach(alert.leadUnitId(), "alert " + id);
        return alert;
    }

    @POST
    @Path("/{id}/acknowledgement")
    @Consumes(MediaType.APPLICATION_JSON) // a body in another type would be ignored, and the change made without its note
    @RolesAllowed(Roles.SUPERVISOR)
    public AlertView acknowledge(@PathParam("id") long id, @Valid NoteRequest request) {
        return alerts.acknowledge(id, caller.actor(), request == null ? null : request.note());
    }

    @POST
    @Path("/{id}/resolution")
    @Consumes(MediaType.APPLICATION_JSON) // a body in another type would be ignored, and the change made without its note
    @RolesAllowed(Roles.SUPERVISOR)
    public AlertView resolve(@PathParam("id") long id, @Valid NoteRequest request) {
        return alerts.resolve(id, caller.actor(), request == null ? null : request.note());
    }
}
