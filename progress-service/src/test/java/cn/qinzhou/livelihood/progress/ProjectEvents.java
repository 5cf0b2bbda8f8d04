package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Publishes project events on the real topic, built from the same records project-service publishes. */
public final class ProjectEvents {

    /** Written as the services' own mapper writes: instants as ISO-8601 text. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** Returns the envelope sent, so a test can send the very same event again. */
    public static String publish(String projectId, String leadUnitId, int programmeId, String status, String annualPlan) {
        return publish(UUID.randomUUID(), Instant.now(), projectId, leadUnitId, programmeId, status, annualPlan);
    }

    /** Publishes the project and waits until its lead unit can see it here. */
    public static void publishKnown(String projectId, String leadUnitId, int programmeId, String status, String annualPlan) {
        publish(projectId, leadUnitId, programmeId, status, annualPlan);
        Reports.awaitKnown(projectId, leadUnitId);
    }

    /**
     * A project of another plan year than 2024, published and waited for as {@link #publishKnown}.
     *
     * @param carriedOverFrom the earlier year's project it continues (跨年续建), or null
     */
    public static void publishKnownOfYear(int year, String carriedOverFrom, String projectId, String leadUnitId,
                                          int programmeId, String annualPlan) {
        TopicProbe.send(Topics.PROJECT_EVENTS, projectId, envelope(UUID.randomUUID(), Instant.now(),
                snapshot(projectId, year, carriedOverFrom, leadUnitId, programmeId, "ACTIVE", annualPlan)));
        Reports.awaitKnown(projectId, leadUnitId);
    }

    /** @param annualPlan the plan in yuan, all of it central money; null for a project without a plan yet */
    public static String publish(UUID eventId, Instant occurredAt, String projectId, String leadUnitId, int programmeId,
                                 String status, String annualPlan) {
        String json = envelope(eventId, occurredAt, projectId, leadUnitId, programmeId, status, annualPlan);
        TopicProbe.send(Topics.PROJECT_EVENTS, projectId, json);
        return json;
    }

    /** The envelope {@link #publish} sends, for a test that sends it its own way. */
    public static String envelope(UUID eventId, Instant occurredAt, String projectId, String leadUnitId, int programmeId,
                                  String status, String annualPlan) {
        return envelope(eventId, occurredAt, snapshot(projectId, 2024, null, leadUnitId, programmeId, status, annualPlan));
    }

    /** @param annualPlan the plan in yuan, all of it central money; null for a project without a plan yet */
    private static ProjectSnapshot snapshot(String projectId, int year, String carriedOverFrom, String leadUnitId,
                                            int programmeId, String status, String annualPlan) {
        ProjectSnapshot.Plan plan = annualPlan == null ? null : new ProjectSnapshot.Plan(new BigDecimal(annualPlan),
                new BigDecimal(annualPlan), BigDecimal.ZERO, BigDecimal.ZERO);
        return new ProjectSnapshot(projectId, year, programmeId, "测试工程" + programmeId, "CITY_SELECTED",
                "测试项目" + projectId, leadUnitId, "测试单位" + leadUnitId, status, null, plan, null, carriedOverFrom);
    }

    private static String envelope(UUID eventId, Instant occurredAt, ProjectSnapshot project) {
        String projectId = project.id();
        ProjectEvent event = new ProjectEvent.ProjectFundingChanged(project, null, null);
        EventEnvelope envelope = new EventEnvelope(eventId, event.type(), ProjectEvent.SCHEMA_VERSION, occurredAt,
                projectId, JSON.valueToTree(event));
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProjectEvents() {
    }
}
