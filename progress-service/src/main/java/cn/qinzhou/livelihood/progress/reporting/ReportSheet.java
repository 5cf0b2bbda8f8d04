package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The monthly report as a spreadsheet row: the columns the importer reads (and the template carries), and
 * the export, which adds what the service sets (name, unit, timeliness, version) to the same columns, so an
 * exported file can be filled in again and imported as corrections.
 */
public final class ReportSheet {

    /** What a lead unit fills in: one row per project and month. */
    public static final List<Column> IMPORT_COLUMNS = List.of(
            Column.text("projectId", "项目编号"),
            Column.text("period", "报送月份(yyyy-MM)"),
            Column.number("progressPercent", "形象进度(%)"),
            Column.amount("completedCentral", "累计完成投资-中央财政补助(元)"),
            Column.amount("completedRegional", "累计完成投资-自治区财政补助(元)"),
            Column.amount("completedLocal", "累计完成投资-市和县区投入(元)"),
            Column.amount("completedInvestment", "累计完成投资合计(元)"),
            Column.amount("receivedCentral", "资金到位-中央财政补助(元)"),
            Column.amount("receivedRegional", "资金到位-自治区财政补助(元)"),
            Column.amount("receivedLocal", "资金到位-市和县区投入(元)"),
            Column.number("beneficiaries", "受益人数"),
            Column.text("beneficiaryDescription", "群众受益情况"),
            Column.text("progressNarrative", "具体进展情况"),
            Column.text("difficulties", "遇到的困难问题(每行一条)"),
            Column.text("typicalCases", "典型事例"),
            Column.text("submittedBy", "填报人"),
            Column.text("contact", "联系电话"),
            Column.text("correctionReason", "更正原因(更正已报数据时必填)"));

    private static final List<Column> SET_BY_SERVICE = List.of(
            Column.text("projectName", "项目名称"),
            Column.text("leadUnitId", "牵头单位编号"),
            Column.text("timeliness", "报送及时性"),
            Column.number("latestVersion", "版本"),
            Column.text("firstReceivedAt", "首次报送时间(北京时间)"));

    public static final List<Column> EXPORT_COLUMNS = Stream.concat(
            Stream.of(IMPORT_COLUMNS.get(0), SET_BY_SERVICE.get(0), SET_BY_SERVICE.get(1), IMPORT_COLUMNS.get(1)),
            Stream.concat(SET_BY_SERVICE.subList(2, 5).stream(), IMPORT_COLUMNS.subList(2, IMPORT_COLUMNS.size()).stream()))
            .toList();

    static final List<String> TEMPLATE_NOTES = List.of(
            "月度进展报送导入说明: 每行一个项目一个月份; 报送月份写作 2024-09, 表示截至该月末的情况, 次月 5 日(含)前报送为按时",
            "金额单位为元, 最多两位小数, 均为累计数; 累计完成投资合计可不填, 填写时须等于三项来源之和; 表头请勿修改",
            "遇到的困难问题可写多条, 每条一行(或用分号分隔)",
            "整张表全部校验通过才会导入; 任何一行有错, 全部不导入, 并逐行列出错误; 只能导入本单位牵头项目的报告",
            "示例: P0401,2024-09,45.5,270000,0,0,,270000,0,0,1200,惠及城乡居民1200人,主体工程已完工,资金到位较慢,某村养老服务站投入使用,张三,0777-1234567,");

    public static SpreadsheetWriter.Table template() {
        return new SpreadsheetWriter.Table("月度进展报送", IMPORT_COLUMNS, List.of(), TEMPLATE_NOTES);
    }

    public static SpreadsheetWriter.Table export(List<ReportView> reports) {
        List<List<Object>> rows = new ArrayList<>();
        for (ReportView r : reports) {
            ReportView.VersionView v = r.latest();
            rows.add(Arrays.asList(r.projectId(), r.projectName(), r.leadUnitId(), r.period(),
                    r.timeliness() == null ? null : r.timeliness() == cn.qinzhou.livelihood.rules.calendar.Timeliness.ON_TIME ? "按时" : "逾期",
                    r.latestVersion(), SpreadsheetWriter.beijingTime(r.firstReceivedAt()),
                    v.progressPercent(), v.completed().central(), v.completed().regional(), v.completed().local(),
                    v.completedInvestment(), v.fundsReceived().central(), v.fundsReceived().regional(), v.fundsReceived().local(),
                    v.beneficiaries(), v.beneficiaryDescription(), v.progressNarrative(),
                    v.difficulties() == null ? null : String.join("\n", v.difficulties()), v.typicalCases(), v.submittedBy(),
                    v.contact(), v.correctionReason()));
        }
        return new SpreadsheetWriter.Table("月度进展报告", EXPORT_COLUMNS, rows);
    }

    private ReportSheet() {
    }
}
