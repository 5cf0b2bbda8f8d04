package cn.qinzhou.livelihood.benchmarks.alerts;

import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.load.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a report's time goes on its way to the alert feed, from the rows the services write anyway: when
 * progress-service's outbox relay had the broker's ack for its event ({@code outbox_event.published_at}) and
 * when notification-service committed its effects ({@code processed_event.processed_at}), both wall-clock times
 * on this machine, each measured from the report's scheduled send time.
 */
final class PipelineStages {

    /**
     * Latency histograms (microseconds) of the two stages, over the reports of one run, and the rate at which
     * notification-service applied them: the offered rate while it keeps up, its capacity while it has a backlog.
     */
    record Stages(Histogram published, Histogram applied, double appliedPerSecond) {
    }

    private final Database progress;
    private final Database notification;

    PipelineStages(Database progress, Database notification) {
        this.progress = progress;
        this.notification = notification;
    }

    /**
     * @param scheduledMicros wall-clock scheduled send time (epoch microseconds) by project id
     * @param since           the run's start, to read only its rows
     */
    Stages measure(Map<String, Long> scheduledMicros, Instant since) {
        Map<String, String> projectOfEvent = new HashMap<>();
        Map<String, Long> publishedMicros = new HashMap<>();
        progress.forEachRow("select cast(event_id as text), record_key, published_at from outbox_event"
                + " where event_type = 'ReportSubmitted' and published_at >= ?", rows -> {
            String project = rows.getString(2);
            if (scheduledMicros.containsKey(project)) {
                projectOfEvent.put(rows.getString(1), project);
                publishedMicros.put(project, micros(rows.getTimestamp(3)));
            }
        }, Timestamp.from(since));
        Histogram published = LatencyHistograms.concurrent();
        Histogram applied = LatencyHistograms.concurrent();
        List<Long> appliedAt = new ArrayList<>();
        publishedMicros.forEach((project, at) -> LatencyHistograms.record(published, (at - scheduledMicros.get(project)) * 1_000));
        notification.forEachRow("select cast(event_id as text), processed_at from processed_event"
                + " where event_type = 'ReportSubmitted' and processed_at >= ?", rows -> {
            String project = projectOfEvent.get(rows.getString(1));
            if (project != null) {
                long at = micros(rows.getTimestamp(2));
                appliedAt.add(at);
                LatencyHistograms.record(applied, (at - scheduledMicros.get(project)) * 1_000);
            }
        }, Timestamp.from(since));
        return new Stages(published, applied, ratePerSecond(appliedAt));
    }

    /** Events per second over the middle 80 % of the commit times (the first and last tenth ramp up and down). */
    private static double ratePerSecond(List<Long> atMicros) {
        if (atMicros.size() < 20) {
            return Double.NaN;
        }
        Collections.sort(atMicros);
        int from = atMicros.size() / 10;
        int to = atMicros.size() * 9 / 10;
        double seconds = (atMicros.get(to) - atMicros.get(from)) / 1e6;
        return seconds <= 0 ? Double.NaN : (to - from) / seconds;
    }

    private static long micros(Timestamp at) {
        Instant instant = at.toInstant();
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
