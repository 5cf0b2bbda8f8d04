package cn.qinzhou.livelihood.platform.events;

/** Topic names shared by producers and consumers: {@code livelihood.<aggregate>.<kind>}. */
public final class Topics {
    public static final String PROJECT_EVENTS = "livelihood.project.events";
    public static final String PROGRESS_EVENTS = "livelihood.progress.events";
    public static final String ALERT_EVENTS = "livelihood.alert.events";

    /** A consumer that cannot process a record sends it here, with the reason in headers. */
    public static String deadLetterOf(String topic, String consumerGroup) {
        return topic + ".dlt." + consumerGroup;
    }

    private Topics() {
    }
}
