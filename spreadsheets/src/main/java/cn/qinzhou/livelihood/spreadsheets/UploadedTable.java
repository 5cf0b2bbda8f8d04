package cn.qinzhou.livelihood.spreadsheets;

import cn.qinzhou.livelihood.platform.problem.Problem;

import java.util.List;
import java.util.Map;

/**
 * An uploaded CSV or .xlsx file turned into the same rows, whichever format it came in, so one validation
 * path serves both.
 *
 * @param rows       the data rows whose shape is right, in file order
 * @param violations rows whose shape is wrong (too many or too few cells), as rows[line].columns
 */
public record UploadedTable(List<Row> rows, List<Problem.Violation> violations) {

    /** The line a violation named rows[line].column points at, 0 for one about the whole file: to list them in file order. */
    public static int lineOf(Problem.Violation violation) {
        String field = violation.field();
        return field.startsWith("rows[") ? Integer.parseInt(field.substring(5, field.indexOf(']'))) : 0;
    }

    /**
     * @param line  the line number a spreadsheet shows (the header is line 1)
     * @param cells cell text by column key, trimmed; an empty cell is ""
     */
    public record Row(int line, Map<String, String> cells) {

        public String get(String key) {
            return cells.getOrDefault(key, "");
        }

        /** The prefix of this row's violations: {@code rows[<line>].} */
        public String at() {
            return "rows[" + line + "].";
        }
    }
}
