package cn.qinzhou.livelihood.rules.calendar;

/**
 * A period that the calendar refuses, with the rule it breaks. Services answer it as a 400 naming the
 * {@code period} field; consumers treat an event carrying one as a message they can never apply.
 */
public class InvalidPeriodException extends IllegalArgumentException {

    private final String key;
    private final Object[] args;

    public InvalidPeriodException(String rule) {
        this(null, rule);
    }

    /**
     * @param key the message key of the rule (problem-messages.properties), whose English is {@code rule};
     * @param args its arguments; a {@code Function<Locale, String>} is said in the reader's language
     */
    public InvalidPeriodException(String key, String rule, Object... args) {
        super(rule);
        this.key = key;
        this.args = args.clone();
    }

    /** The message key of the rule, or null when it has none. */
    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The rule the period breaks, worded to follow the field name: "period must be ...". */
    public String rule() {
        return getMessage();
    }
}
