package cn.qinzhou.livelihood.platform.events;

import cn.qinzhou.livelihood.platform.inbox.PoisonEventException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * A consumer's view of the {@code project} that every livelihood.project.events payload carries
 * (docs/topics.md): what progress-service and notification-service keep of a project.
 */
public record ProjectSnapshot(String id, String name, Integer programmeId, String programmeName, String category,
                              String leadUnitId, String leadUnitName, String status, Plan plan) {

    public record Plan(BigDecimal annualPlan, BigDecimal central, BigDecimal regional, BigDecimal local) {
    }

    /** Reads the snapshot of a project event; one without an id or a status can never be applied. */
    public static ProjectSnapshot of(EventEnvelope envelope, ObjectMapper mapper) {
        JsonNode project = envelope.payload().path("project");
        try {
            ProjectSnapshot snapshot = mapper.readerFor(ProjectSnapshot.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(project);
            if (snapshot == null || snapshot.id() == null || snapshot.id().isBlank() || snapshot.status() == null) {
                throw new PoisonEventException(envelope.type() + " " + envelope.eventId() + " has no project.id or project.status");
            }
            return snapshot;
        } catch (IOException e) {
            throw new PoisonEventException(envelope.type() + " " + envelope.eventId() + ": project is malformed: " + e.getMessage(), e);
        }
    }

    public BigDecimal annualPlan() {
        return plan == null ? null : plan.annualPlan();
    }
}
