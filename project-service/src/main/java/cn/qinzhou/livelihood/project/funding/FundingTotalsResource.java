package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;
import cn.qinzhou.livelihood.project.planyear.PlanYears;
import cn.qinzhou.livelihood.project.planyear.RegistryRevision;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@Path("/funding-totals")
@Tag(name = "Funding", description = "Planned funding totals beside the document's figures")
public class FundingTotalsResource {

    /** The export's columns: one per field of a group, the whole plan as the last row (合计). */
    static final List<Column> COLUMNS = List.of(
            Column.text("key", "编码"),
            Column.text("label", "名称"),
            Column.amount("documentFigure", "文件计划投资(元)"),
            Column.amount("registeredPlan", "已登记年度计划(元)"),
            Column.amount("unallocated", "未落实到项目(元)"),
            Column.number("documentProjectCount", "文件项目数"),
            Column.number("projectCount", "项目数"),
            Column.number("projectsWithPlan", "已登记计划的项目数"));

    private final FundingTotalsService totals;
    private final PlanYears planYears;
    private final RegistryRevision registry;

    public FundingTotalsResource(FundingTotalsService totals, PlanYears planYears, RegistryRevision registry) {
        this.totals = totals;
        this.planYears = planYears;
        this.registry = registry;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD})
    @Produces({"application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    @Operation(summary = "A plan year's planned funding (year=, the current plan year by default) grouped by programme, "
            + "category, source or lead-unit: document figure, registered sum and the unallocated difference; as JSON, "
            + "CSV or .xlsx (format= or Accept)")
    public Response get(@QueryParam("year") Integer year, @QueryParam("groupBy") @DefaultValue("programme") String groupBy,
                        @QueryParam("format") String format, @Context Request request) {
        ExportFormat chosen = ExportFormat.choose(format, request, ExportFormat.JSON_OR_TABLE);
        FundingGrouping grouping = FundingGrouping.fromParameter(groupBy).orElseThrow(() ->
                ProblemException.rule("groupBy", "project.group-by"));
        // Read first, once: the plan years and the totals are then answered as of this revision.
        long revision = registry.current();
        int planYear = planYears.resolve(year, revision);
        FundingTotalsService.Answer answer = totals.answer(planYear, grouping, revision);
        return chosen.answer(answer.json(), "计划投资汇总-" + grouping.parameter + "-" + planYear,
                () -> List.of(table(answer.totals())));
    }

    static SpreadsheetWriter.Table table(FundingTotals result) {
        List<List<Object>> rows = new ArrayList<>();
        for (FundingTotals.Group g : result.groups()) {
            rows.add(Arrays.asList(g.key(), g.label(), g.documentFigure(), g.registeredPlan(), g.unallocated(),
                    g.documentProjectCount(), g.projectCount(), g.projectsWithPlan()));
        }
        FundingTotals.Total t = result.total();
        rows.add(Arrays.asList("合计", "全部项目", t.documentAnnualPlan(), t.registeredPlan(), t.unallocated(),
                t.documentProjectCount(), t.projectCount(), t.projectsWithPlan()));
        return new SpreadsheetWriter.Table("计划投资汇总", COLUMNS, rows, List.of(
                "文件各工程计划合计 " + t.documentProgrammeSum().toPlainString() + " 元, 与文件总计划 "
                        + t.documentAnnualPlan().toPlainString() + " 元相差 " + t.roundingGap().toPlainString()
                        + " 元 (文件自身的四舍五入)"));
    }
}
