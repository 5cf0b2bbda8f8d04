package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.calendar.ReportingCalendar;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The payload of ReportSubmitted and ReportCorrected on livelihood.progress.events (schema version 1):
 * what the alert rules need, documented in docs/topics.md.
 */
public record ReportEvent(UUID reportId, String projectId, String leadUnitId, Integer programmeId, String period,
                          int version, Instant dueAt, Instant firstReceivedAt, Instant receivedAt,
                          ReportingCalendar.Timeliness timeliness, BigDecimal progressPercent,
                          BigDecimal completedInvestment, BigDecimal plannedInvestment, String correctionReason,
                          String submittedBy) {

    public static final int SCHEMA_VERSION = 1;

    public String type() {
        return version == 1 ? "ReportSubmitted" : "ReportCorrected";
    }
}
