package cn.qinzhou.livelihood.rules.calendar;

/**
 * A period that the calendar refuses, with the rule it breaks. Services answer it as a 400 naming the
 * {@code period} field; consumers treat an event carrying one as a message they can never apply.
 */
public class InvalidPeriodException extends IllegalArgumentException {

    public InvalidPeriodException(String rule) {
        super(rule);
    }

    /** The rule the period breaks, worded to follow the field name: "period must be ...". */
    public String rule() {
        return getMessage();
    }
}
