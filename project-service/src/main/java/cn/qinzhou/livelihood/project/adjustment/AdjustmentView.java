package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.project.funding.FundingPlan;

import java.time.Instant;

public record AdjustmentView(long id, String projectId, AdjustmentKind kind, FundingPlan requestedPlan,
                             String reason, AdjustmentStatus status, String requestedBy, Instant requestedAt,
                             String decidedBy, Instant decidedAt, String decisionNote) {

    static AdjustmentView from(AdjustmentRequest r) {
        return new AdjustmentView(r.id, r.projectId, r.kind, r.requestedPlan(), r.reason, r.status, r.requestedBy,
                r.requestedAt, r.decidedBy, r.decidedAt, r.decisionNote);
    }
}
