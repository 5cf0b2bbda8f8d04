package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.project.funding.FundingPlan;
import cn.qinzhou.livelihood.project.planyear.Programme;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes project events to the outbox, in the caller's transaction, keyed by project id. */
@ApplicationScoped
public class ProjectEvents {

    private final Outbox outbox;

    public ProjectEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(ProjectEvent event) {
        outbox.append(Topics.PROJECT_EVENTS, event.project().id(), event.type(), ProjectEvent.SCHEMA_VERSION, event);
    }

    /** The project as its events describe it, with its programme's and lead unit's names. */
    public ProjectSnapshot snapshot(Project project) {
        Programme programme = Programme.findById(project.programmeId);
        LeadUnit unit = project.leadUnitId == null ? null : LeadUnit.findById(project.leadUnitId);
        return new ProjectSnapshot(project.id, project.year, project.programmeId,
                programme == null ? null : programme.name, project.category.name(), project.name, project.leadUnitId,
                unit == null ? null : unit.name, project.status.name(), project.totalInvestment, plan(project.plan()),
                plan(project.originalPlan()), project.carriedOverFrom);
    }

    public static ProjectSnapshot.Plan plan(FundingPlan plan) {
        return plan == null ? null : new ProjectSnapshot.Plan(plan.annualPlan(), plan.central(), plan.regional(), plan.local());
    }
}
