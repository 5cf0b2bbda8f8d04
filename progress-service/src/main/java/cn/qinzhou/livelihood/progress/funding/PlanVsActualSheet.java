package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plan-vs-actual totals as a table: the /funding-totals download and the bulletin's funding sheets. */
public final class PlanVsActualSheet {

    private static final List<Column> COLUMNS = List.of(
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

    private PlanVsActualSheet() {
    }
}
