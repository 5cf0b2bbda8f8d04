package cn.qinzhou.livelihood.notification.tracking;

import java.math.BigDecimal;
import java.time.Instant;

/** This consumer's view of ReportSubmitted / ReportCorrected (docs/topics.md); unknown fields are ignored. */
public record ReportEventPayload(String projectId, String leadUnitId, Integer programmeId, String period, int version,
                                 Instant dueAt, Instant firstReceivedAt, Instant receivedAt, String timeliness,
                                 BigDecimal progressPercent, BigDecimal completedInvestment,
                                 BigDecimal plannedInvestment) {
}
