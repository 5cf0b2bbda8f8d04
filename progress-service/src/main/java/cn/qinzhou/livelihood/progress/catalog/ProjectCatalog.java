package cn.qinzhou.livelihood.progress.catalog;

import cn.qinzhou.livelihood.platform.events.EventEnvelope;
import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.inbox.EventConsumers;
import cn.qinzhou.livelihood.platform.inbox.PoisonEventException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.math.BigDecimal;
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

    public ProjectCatalog(EventConsumers consumers) {
        this.consumers = consumers;
    }

    void start(@Observes StartupEvent startup) {
        consumers.start(CONSUMER_GROUP, List.of(Topics.PROJECT_EVENTS), this::apply);
    }

    void apply(EventEnvelope envelope) {
        JsonNode project = envelope.payload().path("project");
        String id = project.path("id").asText(null);
        if (id == null || id.isBlank() || !project.hasNonNull("status")) {
            throw new PoisonEventException(envelope.type() + " " + envelope.eventId() + " has no project.id or project.status");
        }
        CatalogProject copy = CatalogProject.findById(id);
        if (copy == null) {
            copy = new CatalogProject();
            copy.id = id;
        } else if (copy.updatedAt != null && envelope.occurredAt() != null && envelope.occurredAt().isBefore(copy.updatedAt)) {
            return;
        }
        copy.name = text(project, "name");
        copy.programmeId = project.hasNonNull("programmeId") ? project.get("programmeId").asInt() : null;
        copy.programmeName = text(project, "programmeName");
        copy.category = text(project, "category");
        copy.leadUnitId = text(project, "leadUnitId");
        copy.leadUnitName = text(project, "leadUnitName");
        copy.status = project.get("status").asText();
        JsonNode plan = project.path("plan");
        copy.annualPlan = money(plan, "annualPlan");
        copy.centralAmount = money(plan, "central");
        copy.regionalAmount = money(plan, "regional");
        copy.localAmount = money(plan, "local");
        copy.updatedAt = envelope.occurredAt() != null ? envelope.occurredAt() : Instant.now();
        copy.persist();
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static BigDecimal money(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        if (!node.get(field).isNumber()) {
            throw new PoisonEventException("project.plan." + field + " is not a number");
        }
        return node.get(field).decimalValue();
    }
}
