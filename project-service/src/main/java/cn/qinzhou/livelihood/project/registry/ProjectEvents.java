package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes project events to the outbox, in the caller's transaction, keyed by project id. */
@ApplicationScoped
public class ProjectEvents {

    static final int SCHEMA_VERSION = 1;

    private final Outbox outbox;

    public ProjectEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(ProjectEvent event) {
        outbox.append(Topics.PROJECT_EVENTS, event.project().id(), event.getClass().getSimpleName(),
                SCHEMA_VERSION, event);
    }

    public ProjectSnapshot snapshot(Project project) {
        Programme programme = Programme.findById(project.programmeId);
        LeadUnit unit = project.leadUnitId == null ? null : LeadUnit.findById(project.leadUnitId);
        return new ProjectSnapshot(project.id, project.year, project.programmeId,
                programme == null ? null : programme.name, project.category, project.name, project.leadUnitId,
                unit == null ? null : unit.name, project.status, project.totalInvestment, project.plan(),
                project.originalPlan());
    }
}
