package cn.qinzhou.livelihood.project.calendar;

import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the holiday file as the State Council's notices are transcribed (deploy/seed/cn-public-holidays-*.csv):
 * {@code #} comment lines, the header {@code date,kind,name}, then one day per line. Errors name the file's own
 * line number (comments and blank lines counted), as an editor shows it; names have no commas, so no quoting.
 */
final class HolidayFile {

    static final String HEADER = "date,kind,name";

    record Entry(int line, LocalDate date, SpecialDayKind kind, String name) {
    }

    /** @throws ProblemException 400 listing every bad line, when any is */
    static List<Entry> read(byte[] body) {
        String[] lines = SpreadsheetReader.csvText(body).split("\r?\n", -1);
        List<Problem.Violation> violations = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<LocalDate, Integer> seen = new HashMap<>();
        boolean headerRead = false;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = "lines[" + number + "]";
            if (!headerRead) {
                headerRead = true;
                if (!line.replace(" ", "").equals(HEADER)) {
                    violations.add(Problem.Violation.of(at, "project.holidays.header", HEADER));
                }
                continue;
            }
            Entry entry = entry(number, line, at, violations);
            if (entry != null) {
                Integer first = seen.putIfAbsent(entry.date(), number);
                if (first != null) {
                    violations.add(Problem.Violation.of(at + ".date", "project.holidays.duplicate", entry.date(), first));
                } else {
                    entries.add(entry);
                }
            }
        }
        if (violations.isEmpty() && entries.isEmpty()) {
            violations.add(Problem.Violation.of("body", "project.holidays.empty", HEADER));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.of(400, violations, "project.holidays.refused", violations.size());
        }
        return entries;
    }

    private static Entry entry(int number, String line, String at, List<Problem.Violation> violations) {
        String[] cells = line.split(",", -1);
        if (cells.length != 3) {
            violations.add(Problem.Violation.of(at, "project.holidays.columns", HEADER, cells.length));
            return null;
        }
        int before = violations.size();
        LocalDate date = null;
        try {
            date = LocalDate.parse(cells[0].strip());
        } catch (DateTimeParseException e) {
            violations.add(Problem.Violation.of(at + ".date", "project.holidays.date", cells[0].strip()));
        }
        SpecialDayKind kind = null;
        try {
            kind = SpecialDayKind.valueOf(cells[1].strip());
        } catch (IllegalArgumentException e) {
            violations.add(Problem.Violation.of(at + ".kind", "project.holidays.kind", cells[1].strip()));
        }
        String name = cells[2].strip();
        if (name.isEmpty() || name.length() > 100) {
            violations.add(Problem.Violation.of(at + ".name", "project.length-1-100"));
        }
        if (violations.size() > before) {
            return null;
        }
        List<Problem.Violation> rules = WorkingCalendar.check(at + ".", date, kind);
        violations.addAll(rules);
        return rules.isEmpty() ? new Entry(number, date, kind, name) : null;
    }

    private HolidayFile() {
    }
}
