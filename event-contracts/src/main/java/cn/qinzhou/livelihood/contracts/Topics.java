package cn.qinzhou.livelihood.contracts;

import java.util.List;
import java.util.Map;

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

    /** {@link cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent}s, from project-service, keyed by year. */
    public static final String PLAN_YEAR_EVENTS = "livelihood.plan-year.events";
    /** {@link cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent}s, from project-service, keyed by year. */
    public static final String WORKING_CALENDAR_EVENTS = "livelihood.working-calendar.events";

    /** The event topics, in the order above. */
    public static final List<String> EVENT_TOPICS = List.of(PROJECT_EVENTS, PROGRESS_EVENTS, ALERT_EVENTS,
            PLAN_YEAR_EVENTS, WORKING_CALENDAR_EVENTS);

    /** 30 days: how long the progress and alert topics keep a record. */
    public static final long TIME_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;
    /** 7 days: every project event stays readable at least this long before compaction may drop it. */
    public static final long PROJECT_MIN_COMPACTION_LAG_MS = 7L * 24 * 60 * 60 * 1000;
    /** 1 day: how long a tombstone (none is written today) would stay for readers to see the deletion. */
    public static final long PROJECT_DELETE_RETENTION_MS = 24L * 60 * 60 * 1000;

    /**
     * What the broker keeps of a topic: part of the contract, because it decides what a reader that starts late
     * can still see. The project topic is compacted by project id, so a reader started at any time finds at least
     * the newest event of every project, and every project event carries the whole project (a catalog is rebuilt
     * from the last record of each key). The progress and alert topics are a time window: their readers keep
     * their own copies. The plan-year and working-calendar topics are compacted by year the same way, so a reader
     * builds the calendars from them alone. Dead-letter topics are kept until someone has looked at them.
     */
    public static Map<String, String> configOf(String topic) {
        if (PROJECT_EVENTS.equals(topic) || PLAN_YEAR_EVENTS.equals(topic) || WORKING_CALENDAR_EVENTS.equals(topic)) {
            return Map.of("cleanup.policy", "compact",
                    "min.compaction.lag.ms", Long.toString(PROJECT_MIN_COMPACTION_LAG_MS),
                    "delete.retention.ms", Long.toString(PROJECT_DELETE_RETENTION_MS));
        }
        if (topic.contains(".dlt.")) {
            return Map.of("cleanup.policy", "delete", "retention.ms", "-1");
        }
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(TIME_RETENTION_MS));
    }

    /** A consumer group that cannot process a record sends it here, unchanged, with the reason in headers. */
    public static String deadLetterOf(String topic, String consumerGroup) {
        return topic + ".dlt." + consumerGroup;
    }

    private Topics() {
    }
}
