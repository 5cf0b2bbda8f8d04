package cn.qinzhou.livelihood.rules.calendar;

/**
 * A value the plan calendars refuse, with the rule it breaks and the request field it belongs to. Services answer
 * it as a 400 naming that field; consumers treat an event carrying one as a message they can never apply.
 */
public abstract class CalendarRuleException extends IllegalArgumentException {

    private final String key;
    private final Object[] args;

    /**
     * @param key the message key of the rule (problem-messages.properties), whose English is {@code rule}
     * @param args its arguments; a {@code Function<Locale, String>} is said in the reader's language
     */
    protected CalendarRuleException(String key, String rule, Object... args) {
        super(rule);
        this.key = key;
        this.args = args.clone();
    }

    /** The request field the refused value came in: "period", "year". */
    public abstract String field();

    /** The message key of the rule. */
    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The rule the value breaks, worded to follow the field name: "period must be ...". */
    public String rule() {
        return getMessage();
    }
}
