package cn.qinzhou.livelihood.contracts;

/**
 * The topics, named {@code livelihood.<aggregate>.<kind>}; their records and schemas are in this module
 * (README.md). Every record is an {@link EventEnvelope} keyed by its aggregate id.
 */
public final class Topics {
    /** {@link cn.qinzhou.livelihood.contracts.project.ProjectEvent}s, from project-service. */
    public static final String PROJECT_EVENTS = "livelihood.project.events";
    /** {@link cn.qinzhou.livelihood.contracts.progress.ReportEvent}s, from progress-service. */
    public static final String PROGRESS_EVENTS = "livelihood.progress.events";
    /** {@link cn.qinzhou.livelihood.contracts.alert.AlertEvent}s, from notification-service. */
    public static final String ALERT_EVENTS = "livelihood.alert.events";

    /** A consumer group that cannot process a record sends it here, unchanged, with the reason in headers. */
    public static String deadLetterOf(String topic, String consumerGroup) {
        return topic + ".dlt." + consumerGroup;
    }

    private Topics() {
    }
}
