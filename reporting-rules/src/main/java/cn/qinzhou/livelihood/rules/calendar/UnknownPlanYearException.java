package cn.qinzhou.livelihood.rules.calendar;

/**
 * A year that is no plan year. Services answer it as a 400 naming the {@code year} field, with the years there
 * are in the rule.
 */
public class UnknownPlanYearException extends IllegalArgumentException {

    private final String key;
    private final Object[] args;

    public UnknownPlanYearException(String rule) {
        this(null, rule);
    }

    /**
     * @param key the message key of the rule (problem-messages.properties), whose English is {@code rule};
     * @param args its arguments; a {@code Function<Locale, String>} is said in the reader's language
     */
    public UnknownPlanYearException(String key, String rule, Object... args) {
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

    /** The rule the year breaks, worded to follow the field name: "year must be ...". */
    public String rule() {
        return getMessage();
    }
}
