package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/funding-totals")
@Tag(name = "Funding", description = "Planned vs completed and received investment")
public class PlanVsActualResource {

    private final PlanVsActualService service;

    public PlanVsActualResource(PlanVsActualService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD})
    @Produces({MediaType.APPLICATION_JSON, "text/csv", SpreadsheetReader.XLSX})
    @Operation(summary = "Planned, completed and received investment and completion rate by programme, category, "
            + "source, lead-unit or month, for the projects of a plan year (default: the period's; without a period, the "
            + "latest year whose reporting has begun), as of the end of a period (default: the year's last); as JSON, "
            + "CSV or .xlsx (format= or Accept)")
    public Response get(@QueryParam("groupBy") @DefaultValue("programme") String groupBy,
                        @QueryParam("period") String period, @QueryParam("year") String year,
                        @QueryParam("format") String format,
                        @Context Request request) {
        ExportFormat chosen = ExportFormat.choose(format, request, ExportFormat.JSON_OR_TABLE);
        PlanVsActual totals = service.totals(groupBy, period, year);
        return chosen.answer(totals, "计划与完成投资-" + totals.groupBy() + "-" + totals.period(),
                () -> List.of(PlanVsActualSheet.table(totals)));
    }
}
