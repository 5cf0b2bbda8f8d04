package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.project.funding.FundingPlan;
import cn.qinzhou.livelihood.project.funding.FundingRules;
import cn.qinzhou.livelihood.project.registry.Project;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
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
    public AdjustmentView file(String projectId, FileAdjustmentRequest request, String actor) {
        Project project = registry.find(projectId);
        RegistryService.requireChangeable(project);
        List<Problem.Violation> violations = new ArrayList<>();
        FundingPlan requested = null;
        if (request.kind() == AdjustmentKind.CHANGE_PLAN) {
            if (request.annualPlan() == null) {
                violations.add(Problem.Violation.of("annualPlan", "project.adjustment.plan-required"));
            }
            if (request.split() == null) {
                violations.add(Problem.Violation.of("split", "project.adjustment.plan-required"));
            }
            if (violations.isEmpty()) {
                requested = FundingPlan.of(request.annualPlan(), request.split());
                violations.addAll(FundingRules.check("", project.totalInvestment, requested));
            }
        } else if (request.annualPlan() != null || request.split() != null) {
            violations.add(Problem.Violation.of(request.annualPlan() != null ? "annualPlan" : "split",
                    "project.adjustment.plan-with-cancel"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        if (AdjustmentRequest.count("projectId = ?1 and status = ?2", projectId, AdjustmentStatus.PENDING) > 0) {
            throw ProblemException.conflictOf("project.adjustment.pending", projectId);
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
        adjustment.requestedBy = actor;
        adjustment.requestedAt = clock.instant();
        adjustment.persist();
        events.publish(new ProjectEvent.AdjustmentRequested(events.snapshot(project), adjustment.id,
                adjustment.kind.name(), ProjectEvents.plan(requested), adjustment.reason, adjustment.requestedBy));
        return AdjustmentView.from(adjustment);
    }

    @Transactional
    public AdjustmentView approve(long id, DecideAdjustmentRequest decision, String actor) {
        AdjustmentRequest adjustment = pending(id);
        Project project = registry.find(adjustment.projectId);
        RegistryService.requireChangeable(project);
        decide(adjustment, AdjustmentStatus.APPROVED, decision, actor);
        project.keepOriginalPlan();
        if (adjustment.kind == AdjustmentKind.CHANGE_PLAN) {
            project.applyPlan(adjustment.requestedPlan());
            project.status = ProjectStatus.ADJUSTED;
        } else {
            project.status = ProjectStatus.CANCELLED;
        }
        project.touch(clock.instant(), actor);
        events.publish(new ProjectEvent.AdjustmentApproved(events.snapshot(project), adjustment.id,
                adjustment.kind.name(), adjustment.decidedBy, adjustment.decisionNote));
        if (adjustment.kind == AdjustmentKind.CANCEL) {
            events.publish(new ProjectEvent.ProjectCancelled(events.snapshot(project), adjustment.id, adjustment.reason));
        }
        return AdjustmentView.from(adjustment);
    }

    @Transactional
    public AdjustmentView reject(long id, DecideAdjustmentRequest decision, String actor) {
        AdjustmentRequest adjustment = pending(id);
        decide(adjustment, AdjustmentStatus.REJECTED, decision, actor);
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
    public List<AdjustmentView> list(String projectId, AdjustmentStatus status, String unitScope) {
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
        if (unitScope != null) {
            query.append(" and projectId in (select p.id from Project p where p.leadUnitId = :unit)");
            params.and("unit", unitScope);
        }
        query.append(" order by id");
        return AdjustmentRequest.<AdjustmentRequest>list(query.toString(), params).stream()
                .map(AdjustmentView::from).toList();
    }

    @Transactional
    public String leadUnitOf(String projectId) {
        return registry.find(projectId).leadUnitId;
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
            throw ProblemException.conflictOf("project.adjustment.decided", id, adjustment.status);
        }
        return adjustment;
    }

    private void decide(AdjustmentRequest adjustment, AdjustmentStatus status, DecideAdjustmentRequest decision, String actor) {
        adjustment.status = status;
        adjustment.decidedBy = actor;
        adjustment.decidedAt = clock.instant();
        adjustment.decisionNote = decision == null ? null : decision.note();
    }
}
