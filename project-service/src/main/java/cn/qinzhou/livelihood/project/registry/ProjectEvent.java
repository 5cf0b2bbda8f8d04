package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingPlan;

/**
 * The payloads published on livelihood.project.events (schema version 1), each carrying the project
 * as it stands after the change. The envelope's type is the record's simple name.
 */
public sealed interface ProjectEvent {

    ProjectSnapshot project();

    record ProjectRegistered(ProjectSnapshot project) implements ProjectEvent {
    }

    record ProjectFundingChanged(ProjectSnapshot project, java.math.BigDecimal previousTotalInvestment,
                                 FundingPlan previousPlan) implements ProjectEvent {
    }

    record LeadUnitAssigned(ProjectSnapshot project, String previousLeadUnitId) implements ProjectEvent {
    }

    record AdjustmentRequested(ProjectSnapshot project, long requestId, String kind, FundingPlan requestedPlan,
                               String reason, String requestedBy) implements ProjectEvent {
    }

    /** The project now follows the revised plan; {@code project.originalPlan} keeps the first one. */
    record AdjustmentApproved(ProjectSnapshot project, long requestId, String kind, String decidedBy,
                              String note) implements ProjectEvent {
    }

    record AdjustmentRejected(ProjectSnapshot project, long requestId, String kind, String decidedBy,
                              String note) implements ProjectEvent {
    }

    record ProjectCancelled(ProjectSnapshot project, long requestId, String reason) implements ProjectEvent {
    }
}
