package cn.qinzhou.livelihood.contracts.project;

import java.math.BigDecimal;

/**
 * The payloads published on {@code livelihood.project.events} (schema version {@value #SCHEMA_VERSION}), each
 * carrying the project as it stands after the change. The envelope's type is the record's simple name.
 */
public sealed interface ProjectEvent {

    int SCHEMA_VERSION = 1;

    ProjectSnapshot project();

    /** The envelope's {@code type}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** A new project; seeded projects are announced once when project-service first starts. */
    record ProjectRegistered(ProjectSnapshot project) implements ProjectEvent {
    }

    record ProjectFundingChanged(ProjectSnapshot project, BigDecimal previousTotalInvestment,
                                 ProjectSnapshot.Plan previousPlan) implements ProjectEvent {
    }

    record LeadUnitAssigned(ProjectSnapshot project, String previousLeadUnitId) implements ProjectEvent {
    }

    /** @param kind {@code CHANGE_PLAN} or {@code CANCEL} */
    record AdjustmentRequested(ProjectSnapshot project, long requestId, String kind, ProjectSnapshot.Plan requestedPlan,
                               String reason, String requestedBy) implements ProjectEvent {
    }

    /** The project now follows the revised plan; {@code project.originalPlan} keeps the first one. */
    record AdjustmentApproved(ProjectSnapshot project, long requestId, String kind, String decidedBy,
                              String note) implements ProjectEvent {
    }

    record AdjustmentRejected(ProjectSnapshot project, long requestId, String kind, String decidedBy,
                              String note) implements ProjectEvent {
    }

    /** Follows {@link AdjustmentApproved} for a {@code CANCEL} request. */
    record ProjectCancelled(ProjectSnapshot project, long requestId, String reason) implements ProjectEvent {
    }
}
