package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.project.funding.FundingPlan;
import cn.qinzhou.livelihood.project.funding.FundingRules;
import cn.qinzhou.livelihood.project.registry.Project;
import cn.qinzhou.livelihood.project.registry.ProjectEvent;
import cn.qinzhou.livelihood.project.registry.ProjectEvents;
import cn.qinzhou.livelihood.project.registry.ProjectStatus;
import cn.qinzhou.livelihood.project.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AdjustmentService {

    private final RegistryService registry;
    private final ProjectEvents events;
    private final MovableClock clock;

    public AdjustmentService(RegistryService registry, ProjectEvents events, MovableClock clock) {
        this.registry = registry;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public AdjustmentView file(String projectId, FileAdjustmentRequest request) {
        Project project = registry.find(projectId);
        RegistryService.requireChangeable(project);
        List<Problem.Violation> violations = new ArrayList<>();
        FundingPlan requested = null;
        if (request.kind() == AdjustmentKind.CHANGE_PLAN) {
            if (request.annualPlan() == null) {
                violations.add(new Problem.Violation("annualPlan", "is required to change the plan"));
            }
            if (request.split() == null) {
                violations.add(new Problem.Violation("split", "is required to change the plan"));
            }
            if (violations.isEmpty()) {
                requested = new FundingPlan(request.annualPlan(), request.split().central(),
                        request.split().regional(), request.split().local());
                violations.addAll(FundingRules.check("", project.totalInvestment, requested));
            }
        } else if (request.annualPlan() != null || request.split() != null) {
            violations.add(new Problem.Violation(request.annualPlan() != null ? "annualPlan" : "split",
                    "must be absent when the project is to be cancelled"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        if (AdjustmentRequest.count("projectId = ?1 and status = ?2", projectId, AdjustmentStatus.PENDING) > 0) {
            throw ProblemException.conflict("project " + projectId + " already has a pending adjustment request");
        }
        AdjustmentRequest adjustment = new AdjustmentRequest();
        adjustment.projectId = projectId;
        adjustment.kind = request.kind();
        if (requested != null) {
            adjustment.requestedAnnualPlan = requested.annualPlan();
            adjustment.requestedCentralAmount = requested.central();
            adjustment.requestedRegionalAmount = requested.regional();
            adjustment.requestedLocalAmount = requested.local();
        }
        adjustment.reason = request.reason().strip();
        adjustment.status = AdjustmentStatus.PENDING;
        adjustment.requestedBy = request.requestedBy().strip();
        adjustment.requestedAt = clock.instant();
        adjustment.persist();
        events.publish(new ProjectEvent.AdjustmentRequested(events.snapshot(project), adjustment.id,
                adjustment.kind.name(), requested, adjustment.reason, adjustment.requestedBy));
        return AdjustmentView.from(adjustment);
    }

    @Transactional
    public AdjustmentView approve(long id, DecideAdjustmentRequest decision) {
        AdjustmentRequest adjustment = pending(id);
        Project project = registry.find(adjustment.projectId);
        RegistryService.requireChangeable(project);
        decide(adjustment, AdjustmentStatus.APPROVED, decision);
        project.keepOriginalPlan();
        if (adjustment.kind == AdjustmentKind.CHANGE_PLAN) {
            project.applyPlan(adjustment.requestedPlan());
            project.status = ProjectStatus.ADJUSTED;
        } else {
            project.status = ProjectStatus.CANCELLED;
        }
        project.touch(clock.instant(), decision.decidedBy());
        events.publish(new ProjectEvent.AdjustmentApproved(events.snapshot(project), adjustment.id,
                adjustment.kind.name(), adjustment.decidedBy, adjustment.decisionNote));
        if (adjustment.kind == AdjustmentKind.CANCEL) {
            events.publish(new ProjectEvent.ProjectCancelled(events.snapshot(project), adjustment.id, adjustment.reason));
        }
        return AdjustmentView.from(adjustment);
    }

    @Transactional
    public AdjustmentView reject(long id, DecideAdjustmentRequest decision) {
        AdjustmentRequest adjustment = pending(id);
        decide(adjustment, AdjustmentStatus.REJECTED, decision);
        Project project = registry.find(adjustment.projectId);
        events.publish(new ProjectEvent.AdjustmentRejected(events.snapshot(project), adjustment.id,
                adjustment.kind.name(), adjustment.decidedBy, adjustment.decisionNote));
        return AdjustmentView.from(adjustment);
    }

    @Transactional
    public AdjustmentView get(long id) {
        return AdjustmentView.from(find(id));
    }

    @Transactional
    public List<AdjustmentView> list(String projectId, AdjustmentStatus status) {
        StringBuilder query = new StringBuilder("1 = 1");
        io.quarkus.panache.common.Parameters params = new io.quarkus.panache.common.Parameters();
        if (projectId != null) {
            query.append(" and projectId = :projectId");
            params.and("projectId", projectId);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        query.append(" order by id");
        return AdjustmentRequest.<AdjustmentRequest>list(query.toString(), params).stream()
                .map(AdjustmentView::from).toList();
    }

    private AdjustmentRequest find(long id) {
        AdjustmentRequest adjustment = AdjustmentRequest.findById(id);
        if (adjustment == null) {
            throw ProblemException.notFound("adjustment request", id);
        }
        return adjustment;
    }

    private AdjustmentRequest pending(long id) {
        AdjustmentRequest adjustment = find(id);
        if (adjustment.status != AdjustmentStatus.PENDING) {
            throw ProblemException.conflict("adjustment request " + id + " was already " + adjustment.status);
        }
        return adjustment;
    }

    private void decide(AdjustmentRequest adjustment, AdjustmentStatus status, DecideAdjustmentRequest decision) {
        adjustment.status = status;
        adjustment.decidedBy = decision.decidedBy().strip();
        adjustment.decidedAt = clock.instant();
        adjustment.decisionNote = decision.note();
    }
}
