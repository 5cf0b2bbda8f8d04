package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.testsupport.TopicProbe;

import java.time.Instant;
import java.util.UUID;

/** Publishes project events on the real topic, shaped as project-service publishes them (docs/topics.md). */
public final class ProjectEvents {

    /** Returns the envelope sent, so a test can send the very same event again. */
    public static String publish(String projectId, String leadUnitId, int programmeId, String status, String annualPlan) {
        return publish(UUID.randomUUID(), Instant.now(), projectId, leadUnitId, programmeId, status, annualPlan);
    }

    /** Publishes the project and waits until its lead unit can see it here. */
    public static void publishKnown(String projectId, String leadUnitId, int programmeId, String status, String annualPlan) {
        publish(projectId, leadUnitId, programmeId, status, annualPlan);
        Reports.awaitKnown(projectId, leadUnitId);
    }

    public static String publish(UUID eventId, Instant occurredAt, String projectId, String leadUnitId, int programmeId,
                                 String status, String annualPlan) {
        String plan = annualPlan == null ? "null" : """
                {"annualPlan": %s, "central": %s, "regional": 0, "local": 0}""".formatted(annualPlan, annualPlan);
        String envelope = """
                {"eventId": "%s", "type": "ProjectFundingChanged", "schemaVersion": 1, "occurredAt": "%s",
                 "aggregateId": "%s", "payload": {"project": {"id": "%s", "year": 2024, "programmeId": %d,
                 "programmeName": "测试工程%d", "category": "CITY_SELECTED", "name": "测试项目%s",
                 "leadUnitId": "%s", "leadUnitName": "测试单位%s", "status": "%s", "totalInvestment": null,
                 "plan": %s, "originalPlan": null}}}""".formatted(eventId, occurredAt, projectId, projectId, programmeId,
                programmeId, projectId, leadUnitId, leadUnitId, status, plan);
        TopicProbe.send(Topics.PROJECT_EVENTS, projectId, envelope);
        return envelope;
    }

    private ProjectEvents() {
    }
}
