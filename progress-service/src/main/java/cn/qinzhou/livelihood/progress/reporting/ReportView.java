package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.rules.calendar.Timeliness;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A report as the API shows it: the latest version, and (on a single report) every version. */
public record ReportView(String projectId, String projectName, String leadUnitId, String period, Instant dueAt,
                         Instant firstReceivedAt, Timeliness timeliness, int latestVersion,
                         VersionView latest, List<VersionView> versions) {

    public record VersionView(int version, Instant receivedAt, String submittedBy, String contact, String recordedBy,
                              BigDecimal progressPercent, BigDecimal completedInvestment, SourceAmounts completed,
                              SourceAmounts fundsReceived, Long beneficiaries, String beneficiaryDescription,
                              String progressNarrative, List<String> difficulties, String typicalCases,
                              String correctionReason, BigDecimal plannedInvestment) {

        static VersionView from(ReportVersion v) {
            return new VersionView(v.version, v.receivedAt, v.submittedBy, v.contact, v.recordedBy, v.progressPercent,
                    v.completedInvestment, new SourceAmounts(v.completedCentral, v.completedRegional, v.completedLocal),
                    new SourceAmounts(v.receivedCentral, v.receivedRegional, v.receivedLocal), v.beneficiaries,
                    v.beneficiaryDescription, v.progressNarrative, v.difficulties, v.typicalCases, v.correctionReason,
                    v.plannedInvestment);
        }
    }
}
