package cn.qinzhou.livelihood.rules.calendar;

/** A period that the calendar refuses; the rule says why (not a month, in no plan year, not over yet). */
public class InvalidPeriodException extends CalendarRuleException {

    public InvalidPeriodException(String key, String rule, Object... args) {
        super(key, rule, args);
    }

    @Override
    public String field() {
        return "period";
    }
}
