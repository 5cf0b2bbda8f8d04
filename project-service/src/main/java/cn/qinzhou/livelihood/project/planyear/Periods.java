package cn.qinzhou.livelihood.project.planyear;

/** A reporting period as the API writes it: a calendar month, {@code yyyy-MM}. */
final class Periods {
    static final String PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])";
    static final String RULE = "{project.period.format}";

    private Periods() {
    }
}
