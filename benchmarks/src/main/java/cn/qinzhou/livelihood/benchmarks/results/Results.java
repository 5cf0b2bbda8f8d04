package cn.qinzhou.livelihood.benchmarks.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run, printed as a table as they come and written as Markdown at the end, with the
 * machine's load beside them: numbers taken on a busy machine must say so.
 */
public final class Results {

    /** One measured figure; {@code target} and {@code verdict} stay empty where the issue sets no target. */
    public record Row(String scenario, String measure, String value, String target, String verdict, String note) {
    }

    private final List<String> context = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();

    public void context(String line) {
        context.add(line);
        System.out.println("# " + line);
    }

    public void add(String scenario, String measure, String value, String note) {
        add(new Row(scenario, measure, value, "", "", note));
    }

    /** A figure with a target; {@code met} decides the verdict. */
    public void add(String scenario, String measure, String value, String target, boolean met, String note) {
        add(new Row(scenario, measure, value, target, met ? "met" : "MISSED", note));
    }

    private synchronized void add(Row row) {
        rows.add(row);
        System.out.printf("  %-22s %-44s %14s  %-12s %-7s %s%n", row.scenario(), row.measure(), row.value(),
                row.target(), row.verdict(), row.note());
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# Benchmark results\n\n");
        context.forEach(line -> out.append("- ").append(line).append('\n'));
        out.append("\n| scenario | measure | value | target | verdict | note |\n|---|---|---:|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", cell(row.scenario()), cell(row.measure()), cell(row.value()),
                    cell(row.target()), cell(row.verdict()), cell(row.note()))).append(" |\n");
        }
        return out.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The machine's load averages (1, 5, 15 min) from /proc/loadavg, as `uptime` prints them. */
    public static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + fields[0] + ", " + fields[1] + ", " + fields[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "load average unknown (" + e.getMessage() + ")";
        }
    }

    public static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
