package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.progress.funding.PlanVsActualSheet;
import cn.qinzhou.livelihood.progress.rates.ReportingStatus;
import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bulletin as a workbook (one sheet per section) and as a printable HTML document: the same tables in both. */
final class BulletinDocument {

    private static final List<Column> RATE_COLUMNS = List.of(
            Column.text("key", "编码"), Column.text("label", "名称"), Column.number("expected", "应报"),
            Column.number("received", "已报"), Column.number("onTime", "按时"), Column.number("late", "逾期报送"),
            Column.number("missing", "未报"), Column.rate("reportingRate", "报送率"), Column.rate("onTimeRate", "按时报送率"));

    private static final List<Column> OVERDUE_COLUMNS = List.of(
            Column.text("projectId", "项目编号"), Column.text("name", "项目名称"), Column.text("leadUnitId", "牵头单位编号"),
            Column.text("leadUnitName", "牵头单位"), Column.text("dueAt", "报送截止(北京时间)"));

    private static final List<Column> LAGGING_COLUMNS = List.of(
            Column.text("projectId", "项目编号"), Column.text("name", "项目名称"), Column.text("leadUnitName", "牵头单位"),
            Column.text("reportPeriod", "所据报告月份"), Column.number("completionPercent", "完成(%)"),
            Column.number("elapsedPercent", "时序进度(%)"), Column.number("behindPoints", "落后(百分点)"),
            Column.text("severity", "等级"), Column.text("basis", "依据"));

    static List<SpreadsheetWriter.Table> tables(Bulletin b) {
        List<List<Object>> units = new ArrayList<>();
        b.reporting().byLeadUnit().forEach(g -> units.add(rateRow(g.key(), g.label(), g.counts())));
        units.add(rateRow("合计", "全部牵头单位", b.reporting().overall()));
        List<List<Object>> programmes = new ArrayList<>();
        b.reporting().byProgramme().forEach(g -> programmes.add(rateRow(g.key(), g.label(), g.counts())));
        programmes.add(rateRow("合计", "全部工程", b.reporting().overall()));
        List<List<Object>> overdue = b.overdue().stream().map(o -> Arrays.<Object>asList(o.projectId(), o.name(),
                o.leadUnitId(), o.leadUnitName(), SpreadsheetWriter.beijingTime(o.dueAt()))).toList();
        List<List<Object>> lagging = b.lagging().stream().map(l -> Arrays.<Object>asList(l.projectId(), l.name(),
                l.leadUnitName(), l.reportPeriod(), l.completionPercent(), l.elapsedPercent(), l.behindPoints(),
                l.severity(), l.basis())).toList();
        SpreadsheetWriter.Table byProgramme = PlanVsActualSheet.table(b.funding().byProgramme());
        SpreadsheetWriter.Table bySource = PlanVsActualSheet.table(b.funding().bySource());
        return List.of(
                new SpreadsheetWriter.Table("报送情况(按牵头单位)", RATE_COLUMNS, units, List.of(
                        "进度通报 " + b.period() + ", 数据截至 " + SpreadsheetWriter.beijingTime(b.asOf())
                                + " (北京时间), 报送截止 " + SpreadsheetWriter.beijingTime(b.dueAt()))),
                new SpreadsheetWriter.Table("报送情况(按工程)", RATE_COLUMNS, programmes),
                new SpreadsheetWriter.Table("逾期未报项目", OVERDUE_COLUMNS, overdue),
                new SpreadsheetWriter.Table("进度滞后项目", LAGGING_COLUMNS, lagging),
                new SpreadsheetWriter.Table("资金(按工程)", byProgramme.columns(), byProgramme.rows()),
                new SpreadsheetWriter.Table("资金(按来源)", bySource.columns(), bySource.rows()));
    }

    private static List<Object> rateRow(String key, String label, ReportingStatus.Counts c) {
        return Arrays.asList(key, label, c.expected(), c.received(), c.onTime(), c.late(), c.missing(),
                c.reportingRate(), c.onTimeRate());
    }

    /** The printable document: Qute renders templates/BulletinDocument/bulletin.html and escapes every value. */
    static String html(Bulletin b) {
        List<Section> sections = tables(b).stream().map(BulletinDocument::section).toList();
        return Templates.bulletin(b, SpreadsheetWriter.beijingTime(b.asOf()), SpreadsheetWriter.beijingTime(b.dueAt()),
                sections).render();
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance bulletin(Bulletin bulletin, String asOf, String dueAt, List<Section> sections);
    }

    /** A table as the document shows it; no lines is written as 无. */
    record Section(String name, List<String> headers, List<Line> lines) {
    }

    record Line(List<Cell> cells) {
    }

    /** @param number right-aligned */
    record Cell(String text, boolean number) {
    }

    private static Section section(SpreadsheetWriter.Table table) {
        List<Line> lines = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(cell(row.get(i), table.columns().get(i).kind()));
            }
            lines.add(new Line(cells));
        }
        return new Section(table.name(), table.columns().stream().map(Column::header).toList(), lines);
    }

    private static Cell cell(Object value, Column.Kind kind) {
        if (value == null) {
            return new Cell("", false);
        }
        if (value instanceof BigDecimal d && kind == Column.Kind.RATE) {
            return new Cell(d.movePointRight(2).stripTrailingZeros().toPlainString() + "%", true);
        }
        if (value instanceof Number n) {
            return new Cell(n instanceof BigDecimal d ? d.toPlainString() : n.toString(), true);
        }
        return new Cell(value.toString(), false);
    }

    private BulletinDocument() {
    }
}
