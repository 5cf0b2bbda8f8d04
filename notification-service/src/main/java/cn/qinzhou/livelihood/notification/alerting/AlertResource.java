package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

import java.time.LocalDate;

@Path("/alerts")
@Tag(name = "Alerts", description = "预警: overdue, reminder, slow progress, stalled and repeat-late alerts")
public class AlertResource {

    /** @param note why; who is taken from the token */
    public record NoteRequest(@Size(max = 2000) String note) {
    }

    /**
     * A lead unit's answer (督办答复). Who answered is taken from the token.
     *
     * @param explanation        情况说明
     * @param measures           整改措施
     * @param expectedCompletion yyyy-MM-dd, not before today in Asia/Shanghai
     */
    public record AnswerRequest(@NotBlank @Size(max = 2000) String explanation,
                                @NotBlank @Size(max = 2000) String measures,
                                @NotNull LocalDate expectedCompletion) {
    }

    /** @param comment why the answer is returned: the unit needs it to answer better, so it is required */
    public record ReturnRequest(@NotBlank @Size(max = 2000) String comment) {
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

    @POST
    @Path("/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_UNIT)
    @Operation(summary = "The lead unit answers its alert (督办答复): 情况说明, 整改措施, expected completion; the office reviews it")
    public AlertView answer(@PathParam("id") long id, @Valid @NotNull AnswerRequest request) {
        // Only its own alerts, refused as GET /alerts/{id} refuses another unit's (403); checked under the same
        // transaction that writes the answer, so an alert reassigned meanwhile is judged as it stands.
        return alerts.answer(id, caller.actor(), request.explanation().strip(), request.measures().strip(),
                request.expectedCompletion(), alert -> {
                    caller.requireReach(alert.leadUnitId, "alert " + id);
                    return alert;
                });
    }

    @POST
    @Path("/{id}/answer-acceptance")
    @Consumes(MediaType.APPLICATION_JSON) // a body in another type would be ignored, and the change made without its note
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "The supervision office accepts the answer awaiting review: the alert resolves with it")
    public AlertView acceptAnswer(@PathParam("id") long id, @Valid NoteRequest request) {
        return alerts.acceptAnswer(id, caller.actor(), request == null ? null : request.note());
    }

    @POST
    @Path("/{id}/answer-return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "The supervision office returns the answer awaiting review with a comment; the unit may answer again")
    public AlertView returnAnswer(@PathParam("id") long id, @Valid @NotNull ReturnRequest request) {
        return alerts.returnAnswer(id, caller.actor(), request.comment().strip());
    }
}
