package cn.qinzhou.livelihood.rules.calendar;

/**
 * A year that is no plan year. Services answer it as a 400 naming the {@code year} field, with the years there
 * are in the rule.
 */
public class UnknownPlanYearException extends IllegalArgumentException {

    public UnknownPlanYearException(String rule) {
        super(rule);
    }

    /** The rule the year breaks, worded to follow the field name: "year must be ...". */
    public String rule() {
        return getMessage();
    }
}
