package cn.qinzhou.livelihood.project.registry;

/** Lead unit ids travel in tokens and URLs, so they are short ASCII codes, e.g. {@code qz-edu}. */
final class LeadUnitIds {
    static final String PATTERN = "[a-z0-9][a-z0-9-]{1,63}";
    static final String RULE = "{project.lead-unit-id.pattern}";

    private LeadUnitIds() {
    }
}
