package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.spreadsheets.UploadedTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Imports a lead unit's monthly reports from CSV or .xlsx, all or nothing: every row becomes the same
 * {@link SubmitReportRequest} the JSON API takes and goes through the same checks and the same
 * {@link ReportService} path, in one transaction. Every refused row is reported as
 * {@code rows[<line>].<column key>}; if any row is refused the transaction is rolled back, so no report
 * is stored and no event published. A row identical to its report's latest version is neither a correction nor
 * an error: it is counted as unchanged and answered with that version, so a file sent again changes nothing.
 */
@ApplicationScoped
public class ReportImport {

    static final int MAX_ROWS = 1000;

    private static final Map<String, Column> BY_KEY = ReportSheet.IMPORT_COLUMNS.stream()
            .collect(Collectors.toMap(Column::key, Function.identity()));

    /** Fields of the request (and of the service's refusals) named by the column that holds them. */
    private static final Map<String, String> COLUMN_OF_FIELD = Map.of(
            "completed.central", "completedCentral", "completed.regional", "completedRegional",
            "completed.local", "completedLocal", "completed", "completedInvestment",
            "fundsReceived.central", "receivedCentral", "fundsReceived.regional", "receivedRegional",
            "fundsReceived.local", "receivedLocal");

    /** @param unchanged rows that repeat their report's latest version: answered with it, nothing stored */
    public record ImportResult(int rows, int submitted, int corrected, int unchanged, List<ReportView> reports) {
    }

    private final ReportService reports;
    private final Validator validator;

    public ReportImport(ReportService reports, Validator validator) {
        this.reports = reports;
        this.validator = validator;
    }

    @Transactional
    public ImportResult importFile(byte[] body, String contentType, String unitScope, String actor) {
        UploadedTable table = SpreadsheetReader.read(body, contentType, ReportSheet.IMPORT_COLUMNS, MAX_ROWS);
        List<Problem.Violation> violations = new ArrayList<>(table.violations());
        Map<String, Integer> firstLine = new HashMap<>();
        List<ReportView> stored = new ArrayList<>();
        Map<ReportService.Outcome, Integer> outcomes = new EnumMap<>(ReportService.Outcome.class);
        boolean forbidden = false;
        for (UploadedTable.Row row : table.rows()) {
            List<Problem.Violation> found = new ArrayList<>();
            SubmitReportRequest request = toRequest(row, found);
            Integer earlier = firstLine.putIfAbsent(row.get("projectId") + "@" + row.get("period"), row.line());
            if (earlier != null) {
                found.add(violation(row, "period", Messages.text("progress.import.duplicate", row.get("projectId"),
                        row.get("period"), earlier)));
            }
            if (found.isEmpty()) {
                for (ConstraintViolation<SubmitReportRequest> v : validator.validate(request)) {
                    found.add(violation(row, v.getPropertyPath().toString(), v.getMessage()));
                }
            }
            if (found.isEmpty()) {
                try {
                    ReportService.Submitted result = reports.submitInCurrentTransaction(row.get("projectId"),
                            row.get("period"), request, unitScope, actor);
                    stored.add(result.report());
                    outcomes.merge(result.outcome(), 1, Integer::sum);
                } catch (ProblemException e) {
                    forbidden |= e.status() == 403;
                    Problem problem = e.toProblem();
                    if (problem.violations() == null || problem.violations().isEmpty()) {
                        found.add(violation(row, "projectId", problem.detail()));
                    } else {
                        problem.violations().forEach(v -> found.add(violation(row, v.field(), v.message())));
                    }
                }
            }
            found.sort(Comparator.comparing(Problem.Violation::field));
            violations.addAll(found);
        }
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparingInt(UploadedTable::lineOf));
            long badRows = violations.stream().map(UploadedTable::lineOf).distinct().count();
            // One row naming another unit's project makes the whole file a 403: the unit may not send it at all.
            throw ProblemException.of(forbidden ? 403 : 400, violations, "progress.import.refused", violations.size(), badRows);
        }
        return new ImportResult(stored.size(), outcomes.getOrDefault(ReportService.Outcome.CREATED, 0),
                outcomes.getOrDefault(ReportService.Outcome.CORRECTED, 0),
                outcomes.getOrDefault(ReportService.Outcome.UNCHANGED, 0), stored);
    }

    private static SubmitReportRequest toRequest(UploadedTable.Row row, List<Problem.Violation> found) {
        List<String> difficulties = row.get("difficulties").isEmpty() ? null
                : Arrays.stream(row.get("difficulties").split("[\\r\\n;；]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new SubmitReportRequest(
                decimal(row, "progressPercent", found),
                new SourceAmounts(decimal(row, "completedCentral", found), decimal(row, "completedRegional", found),
                        decimal(row, "completedLocal", found)),
                decimal(row, "completedInvestment", found),
                new SourceAmounts(decimal(row, "receivedCentral", found), decimal(row, "receivedRegional", found),
                        decimal(row, "receivedLocal", found)),
                count(row, "beneficiaries", found),
                text(row, "beneficiaryDescription"),
                text(row, "progressNarrative"),
                difficulties,
                text(row, "typicalCases"),
                text(row, "submittedBy"),
                text(row, "contact"),
                text(row, "correctionReason"));
    }

    private static String text(UploadedTable.Row row, String key) {
        String value = row.get(key);
        return value.isEmpty() ? null : value;
    }

    private static BigDecimal decimal(UploadedTable.Row row, String key, List<Problem.Violation> found) {
        String raw = row.get(key).replace(",", "").replace("%", "");
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(raw);
        } catch (NumberFormatException e) {
            found.add(violation(row, key, Messages.text("progress.import.not-a-number", row.get(key))));
            return null;
        }
    }

    private static Long count(UploadedTable.Row row, String key, List<Problem.Violation> found) {
        BigDecimal value = decimal(row, key, found);
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            found.add(violation(row, key, Messages.text("progress.import.not-whole", row.get(key))));
            return null;
        }
    }

    /** Named by the row and the column key; the message starts with the column's header as the user sees it. */
    private static Problem.Violation violation(UploadedTable.Row row, String field, String message) {
        String key = COLUMN_OF_FIELD.getOrDefault(field, field.startsWith("difficulties") ? "difficulties" : field);
        Column column = BY_KEY.get(key);
        return new Problem.Violation(row.at() + key, column == null ? message
                : column.header() + (Messages.isChinese(Messages.current()) ? "：" : ": ") + message);
    }
}
