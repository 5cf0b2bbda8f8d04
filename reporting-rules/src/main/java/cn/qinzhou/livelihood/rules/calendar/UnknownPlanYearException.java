package cn.qinzhou.livelihood.rules.calendar;

/** A year that is no plan year; the rule names the years there are. */
public class UnknownPlanYearException extends CalendarRuleException {

    public UnknownPlanYearException(String key, String rule, Object... args) {
        super(key, rule, args);
    }

    @Override
    public String field() {
        return "year";
    }
}
