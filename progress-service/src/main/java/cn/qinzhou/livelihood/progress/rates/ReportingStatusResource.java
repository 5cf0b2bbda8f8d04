package cn.qinzhou.livelihood.progress.rates;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/reporting-status")
@Tag(name = "Reporting status", description = "Expected, received, on-time, late and missing reports and the rates")
public class ReportingStatusResource {

    private final ReportingStatusService status;
    private final Caller caller;

    public ReportingStatusResource(ReportingStatusService status, Caller caller) {
        this.status = status;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    @Operation(summary = "A period's reporting status overall, per programme and per lead unit, counting the projects "
            + "of the period's plan year (year, if given, must be it); a lead unit sees its own")
    public ReportingStatus get(@NotNull @QueryParam("period") String period, @QueryParam("year") String year) {
        return status.status(period, year, caller.unitScope());
    }
}
