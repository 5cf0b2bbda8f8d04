package cn.qinzhou.livelihood.contracts.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The payload of {@value #SUBMITTED} and {@value #CORRECTED} on {@code livelihood.progress.events} (schema
 * version {@value #SCHEMA_VERSION}), keyed by project id.
 *
 * @param reportId            the period's report, the same across its versions
 * @param period              the month reported on (the state at its end), yyyy-MM
 * @param version             1 for {@value #SUBMITTED}, more for {@value #CORRECTED}
 * @param dueAt               the deadline of the period's report
 * @param firstReceivedAt     when version 1 was received: timeliness is judged by it
 * @param receivedAt          when this version was received
 * @param timeliness          {@code ON_TIME} or {@code LATE}, of the first submission
 * @param progressPercent     physical progress (形象进度), 0 to 100
 * @param completedInvestment cumulative completed investment (累计完成投资), yuan
 * @param plannedInvestment   the project's annual plan when received; null if none was registered
 * @param correctionReason    required on a correction, and on a first version that reports less than the
 *                            project's report of an earlier month; null otherwise
 */
public record ReportEvent(UUID reportId, String projectId, String leadUnitId, Integer programmeId, String period,
                          int version, Instant dueAt, Instant firstReceivedAt, Instant receivedAt, String timeliness,
                          BigDecimal progressPercent, BigDecimal completedInvestment, BigDecimal plannedInvestment,
                          String correctionReason, String submittedBy) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SUBMITTED = "ReportSubmitted";
    public static final String CORRECTED = "ReportCorrected";

    /** The envelope's {@code type}. */
    public String type() {
        return version == 1 ? SUBMITTED : CORRECTED;
    }
}
