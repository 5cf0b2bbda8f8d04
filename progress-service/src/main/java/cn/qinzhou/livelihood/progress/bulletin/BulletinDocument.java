package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.funding.PlanVsActualResource;
import cn.qinzhou.livelihood.progress.rates.ReportingStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bulletin as a workbook (one sheet per section) and as an HTML document: the same tables in both. */
final class BulletinDocument {

    private static final DateTimeFormatter SHANGHAI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(MovableClock.ZONE);

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
                o.leadUnitId(), o.leadUnitName(), time(o.dueAt()))).toList();
        List<List<Object>> lagging = b.lagging().stream().map(l -> Arrays.<Object>asList(l.projectId(), l.name(),
                l.leadUnitName(), l.reportPeriod(), l.completionPercent(), l.elapsedPercent(), l.behindPoints(),
                l.severity(), l.basis())).toList();
        SpreadsheetWriter.Table byProgramme = PlanVsActualResource.table(b.funding().byProgramme());
        SpreadsheetWriter.Table bySource = PlanVsActualResource.table(b.funding().bySource());
        return List.of(
                new SpreadsheetWriter.Table("报送情况(按牵头单位)", RATE_COLUMNS, units, List.of(
                        "进度通报 " + b.period() + ", 数据截至 " + time(b.asOf()) + " (北京时间), 报送截止 " + time(b.dueAt()))),
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

    static String html(Bulletin b) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\">")
                .append("<title>").append(escape("民生实事进度通报 " + b.period())).append("</title>")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1.5em}")
                .append("td,th{border:1px solid #999;padding:2px 6px}td.n{text-align:right}</style></head><body>")
                .append("<h1>").append(escape("民生实事进度通报 " + b.period())).append("</h1>")
                .append("<p>").append(escape("数据截至 " + time(b.asOf()) + " (北京时间); 报送截止 " + time(b.dueAt())
                        + (b.deadlinePassed() ? ", 已过截止时间" : ", 尚未到截止时间"))).append("</p>");
        for (SpreadsheetWriter.Table table : tables(b)) {
            out.append("<h2>").append(escape(table.name())).append("</h2><table><thead><tr>");
            table.columns().forEach(c -> out.append("<th>").append(escape(c.header())).append("</th>"));
            out.append("</tr></thead><tbody>");
            if (table.rows().isEmpty()) {
                out.append("<tr><td colspan=\"").append(table.columns().size()).append("\">无</td></tr>");
            }
            for (List<Object> row : table.rows()) {
                out.append("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    out.append(cell(row.get(i), table.columns().get(i).kind()));
                }
                out.append("</tr>");
            }
            out.append("</tbody></table>");
        }
        return out.append("</body></html>\n").toString();
    }

    private static String cell(Object value, Column.Kind kind) {
        if (value == null) {
            return "<td></td>";
        }
        if (value instanceof BigDecimal d && kind == Column.Kind.RATE) {
            return "<td class=\"n\">" + d.movePointRight(2).stripTrailingZeros().toPlainString() + "%</td>";
        }
        if (value instanceof Number n) {
            return "<td class=\"n\">" + (n instanceof BigDecimal d ? d.toPlainString() : n.toString()) + "</td>";
        }
        return "<td>" + escape(value.toString()) + "</td>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String time(Instant instant) {
        return instant == null ? "" : SHANGHAI.format(instant);
    }

    private BulletinDocument() {
    }
}
