package cn.qinzhou.livelihood.progress.catalog;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.inbox.EventConsumers;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.List;

/**
 * Keeps the local copy of the projects from livelihood.project.events. Every event carries the whole
 * project, so applying one is an upsert; the platform drops events already applied, and an older event
 * arriving after a newer one (a replay) cannot roll the copy back because it is ignored by occurred-at.
 */
@ApplicationScoped
public class ProjectCatalog {

    public static final String CONSUMER_GROUP = "progress-service";

    private final EventConsumers consumers;
    private final ObjectMapper mapper;

    public ProjectCatalog(EventConsumers consumers, ObjectMapper mapper) {
        this.consumers = consumers;
        this.mapper = mapper;
    }

    void start(@Observes StartupEvent startup) {
        consumers.start(CONSUMER_GROUP, List.of(Topics.PROJECT_EVENTS), this::apply);
    }

    void apply(EventEnvelope envelope) {
        ProjectSnapshot project = ProjectSnapshot.of(envelope, mapper);
        CatalogProject copy = CatalogProject.findById(project.id());
        if (copy == null) {
            copy = new CatalogProject();
            copy.id = project.id();
        } else if (copy.updatedAt != null && envelope.occurredAt() != null && envelope.occurredAt().isBefore(copy.updatedAt)) {
            return;
        }
        copy.year = project.year();
        copy.carriedOverFrom = project.carriedOverFrom();
        copy.name = project.name();
        copy.programmeId = project.programmeId();
        copy.programmeName = project.programmeName();
        copy.category = project.category();
        copy.leadUnitId = project.leadUnitId();
        copy.leadUnitName = project.leadUnitName();
        copy.status = project.status();
        ProjectSnapshot.Plan plan = project.plan();
        copy.annualPlan = plan == null ? null : plan.annualPlan();
        copy.centralAmount = plan == null ? null : plan.central();
        copy.regionalAmount = plan == null ? null : plan.regional();
        copy.localAmount = plan == null ? null : plan.local();
        copy.updatedAt = envelope.occurredAt() != null ? envelope.occurredAt() : Instant.now();
        copy.persist();
    }
}
