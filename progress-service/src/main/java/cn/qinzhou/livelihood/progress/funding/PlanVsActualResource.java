package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Arrays;
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
            + "source, lead-unit or month, as of the end of a period (default: the plan's last); as JSON, CSV or "
            + ".xlsx (format= or Accept)")
    public Response get(@QueryParam("groupBy") @DefaultValue("programme") String groupBy,
                        @QueryParam("period") String period, @QueryParam("format") String format,
                        @Context HttpHeaders headers) {
        ExportFormat chosen = ExportFormat.choose(format, headers.getAcceptableMediaTypes());
        PlanVsActual totals = service.totals(groupBy, period);
        return chosen.answer(totals, "计划与完成投资-" + totals.groupBy() + "-" + totals.period(), () -> List.of(table(totals)));
    }

    static final List<Column> COLUMNS = List.of(
            Column.text("key", "编码"),
            Column.text("label", "名称"),
            Column.amount("planned", "年度计划投资(元)"),
            Column.amount("completed", "累计完成投资(元)"),
            Column.amount("received", "累计资金到位(元)"),
            Column.rate("completionRate", "投资完成率"),
            Column.number("projects", "项目数"),
            Column.number("reporting", "已报送项目数"));

    /** One row per group, the total (合计) last. */
    public static SpreadsheetWriter.Table table(PlanVsActual totals) {
        List<List<Object>> rows = new ArrayList<>();
        for (PlanVsActual.Row r : totals.groups()) {
            rows.add(row(r));
        }
        rows.add(row(totals.total()));
        return new SpreadsheetWriter.Table("计划与完成投资", COLUMNS, rows);
    }

    private static List<Object> row(PlanVsActual.Row r) {
        return Arrays.asList(r.key() == null ? "合计" : r.key(), r.label(), r.planned(), r.completed(), r.received(),
                r.completionRate(), r.projects(), r.reporting());
    }
}
