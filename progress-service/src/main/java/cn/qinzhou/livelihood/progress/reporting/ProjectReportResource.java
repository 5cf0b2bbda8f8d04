package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/projects/{projectId}/reports")
@Tag(name = "Reports", description = "Monthly progress reports (月度进展报送) and their corrections")
public class ProjectReportResource {

    private final ReportService reports;
    private final Caller caller;

    public ProjectReportResource(ReportService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @PUT
    @Path("/{period}")
    @RolesAllowed(Roles.LEAD_UNIT)
    @Operation(summary = "Submit the report on a month (201), or correct it with a correctionReason (200)")
    public RestResponse<ReportView> submit(@PathParam("projectId") String projectId, @PathParam("period") String period,
                                           @NotNull @Valid SubmitReportRequest request) {
        ReportService.Submitted submitted = reports.submit(projectId, period, request, caller.unitScope(), caller.actor());
        return submitted.created()
                ? RestResponse.ResponseBuilder.<ReportView>created(URI.create("/projects/" + projectId + "/reports/" + period))
                .entity(submitted.report()).build()
                : RestResponse.ok(submitted.report());
    }

    @GET
    @RolesAllowed({Roles.LEAD_UNIT, Roles.PLANNER, Roles.SUPERVISOR})
    @Operation(summary = "The project's reports, latest version of each period")
    public List<ReportView> list(@PathParam("projectId") String projectId) {
        return reports.forProject(projectId, caller.unitScope());
    }

    @GET
    @Path("/{period}")
    @RolesAllowed({Roles.LEAD_UNIT, Roles.PLANNER, Roles.SUPERVISOR})
    @Operation(summary = "One period's report with its full version history")
    public ReportView one(@PathParam("projectId") String projectId, @PathParam("period") String period) {
        return reports.one(projectId, period, caller.unitScope());
    }
}
