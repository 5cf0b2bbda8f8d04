package cn.qinzhou.livelihood.notification.fault;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.MalformedRequests.Answer;
import cn.qinzhou.livelihood.testsupport.MalformedRequests.Case;
import cn.qinzhou.livelihood.testsupport.MalformedRequests;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every write endpoint of notification-service against the generated corpus of malformed requests, each case
 * a test of its own: it is refused with a 4xx problem+json naming the field, the alert keeps its state and
 * history, and no alert event is written for it.
 */
@QuarkusTest
class MalformedRequestCorpusTest {

    @Inject
    DataSource dataSource;

    /** One test per malformed request, named by it; the alert they all target is raised once, first. */
    @TestFactory
    Stream<DynamicTest> everyMalformedAlertChangeIsRefusedCleanlyAndChangesNothing() throws Exception {
        int id = anOpenAlert("CORPUS-1");
        List<Case> cases = new ArrayList<>();
        for (String change : List.of("acknowledgement", "resolution")) {
            cases.addAll(MalformedRequests.endpoint("POST /alerts/{id}/" + change, "POST", "alerts/" + id + "/" + change)
                    .body(Map.of("note", "已电话督促"))
                    .bodyOptional()
                    .text("note", false, 2000)
                    .badPath("an id that is not a number", "alerts/abc/" + change)
                    .badPath("an id that does not exist", "alerts/99999999/" + change)
                    .badPath("an id beyond 64 bits", "alerts/99999999999999999999999/" + change)
                    .badPath("a SQL fragment as the id", "alerts/1%20or%201%3D1/" + change)
                    .cases());
        }
        cases.addAll(MalformedRequests.endpoint("POST /alerts/{id}/answer-acceptance", "POST", "alerts/" + id + "/answer-acceptance")
                .body(Map.of("note", "同意"))
                .bodyOptional()
                .text("note", false, 2000)
                .badPath("an id that is not a number", "alerts/abc/answer-acceptance")
                .badPath("an id beyond 64 bits", "alerts/99999999999999999999999/answer-acceptance")
                .cases());
        cases.addAll(MalformedRequests.endpoint("POST /alerts/{id}/answer-return", "POST", "alerts/" + id + "/answer-return")
                .body(Map.of("comment", "请补充时间节点"))
                .text("comment", true, 2000)
                .badPath("an id that is not a number", "alerts/abc/answer-return")
                .badPath("an id that does not exist", "alerts/99999999/answer-return")
                .cases());
        // The lead unit's answer, sent with the alert's own unit's token (the office may not answer).
        List<Case> answerCases = MalformedRequests.endpoint("POST /alerts/{id}/answer", "POST", "alerts/" + id + "/answer")
                .body(Map.of("explanation", "资金未到位", "measures", "已协调拨付", "expectedCompletion", "2099-12-31"))
                .text("explanation", true, 2000)
                .text("measures", true, 2000)
                .code("expectedCompletion", true, "", "2024-13-01", "2024-02-30", "tomorrow", "2024/12/31", "31.12.2024")
                .rule("expectedCompletion", "a date before today",
                        Map.of("explanation", "资金未到位", "measures", "已协调拨付", "expectedCompletion", "2020-01-01"))
                .badPath("an id that is not a number", "alerts/abc/answer")
                .badPath("an id that does not exist", "alerts/99999999/answer")
                .badPath("a SQL fragment as the id", "alerts/1%20or%201%3D1/answer")
                .cases();
        List<Case> clockCases = MalformedRequests.clockCases();
        cases.addAll(answerCases); // counted with the others, sent with their own token below
        System.out.printf("[corpus] notification-service: %d malformed requests %s%n", cases.size() + clockCases.size(),
                MalformedRequests.countByEndpoint(Stream.concat(cases.stream(), clockCases.stream()).toList()));
        cases.removeAll(answerCases);
        assertThat(cases.size() + clockCases.size()).isGreaterThanOrEqualTo(60);

        String before = MalformedRequests.read(base(), Tokens.forRole(Roles.SUPERVISOR, null), "alerts/" + id);
        long eventsBefore = outboxRowsAbout("CORPUS-1");
        Executable unchanged = () -> {
            assertThat(MalformedRequests.read(base(), Tokens.forRole(Roles.SUPERVISOR, null), "alerts/" + id)).isEqualTo(before);
            assertThat(outboxRowsAbout("CORPUS-1")).as("alert events written").isEqualTo(eventsBefore);
        };
        return Stream.of(
                MalformedRequests.eachRefusedCleanly(base(), Tokens.forRole(Roles.SUPERVISOR, null), cases, unchanged),
                MalformedRequests.eachRefusedCleanly(base(), Tokens.forRole(Roles.LEAD_UNIT, "corpus-unit"), answerCases, unchanged),
                MalformedRequests.eachRefusedCleanly(base(), Tokens.forRole(Roles.OPERATOR, null), clockCases, unchanged),
                // the same requests asking for Chinese: every title, detail and violation message in Chinese
                MalformedRequests.eachRefusedInChinese(base(), Tokens.forRole(Roles.SUPERVISOR, null), cases),
                MalformedRequests.eachRefusedInChinese(base(), Tokens.forRole(Roles.LEAD_UNIT, "corpus-unit"), answerCases),
                MalformedRequests.eachRefusedInChinese(base(), Tokens.forRole(Roles.OPERATOR, null), clockCases))
                .flatMap(tests -> tests);
    }

    /** Subscriptions (delivery): every malformed create and replace is refused naming the field; none is stored or changed. */
    @TestFactory
    Stream<DynamicTest> everyMalformedSubscriptionIsRefusedCleanlyAndStoresNothing() {
        // Confined to a unit no other test raises alerts for, so the one subscription stored is never sent to.
        Map<String, Object> valid = Map.of("recipient", "督查室企业微信群", "channel", "WECOM",
                "target", "http://127.0.0.1:9/cgi-bin/webhook/send?key=corpus", "mode", "DIGEST", "leadUnitId", "corpus-unit",
                "rules", List.of("OVERDUE"), "minSeverity", "YELLOW", "programmeIds", List.of(7), "digestTime", "09:00");
        long id = RestApi.as(Roles.SUPERVISOR, null).body(valid).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        List<Case> cases = new ArrayList<>();
        for (String[] endpoint : List.of(new String[]{"POST /subscriptions", "POST", "subscriptions"},
                new String[]{"PUT /subscriptions/{id}", "PUT", "subscriptions/" + id})) {
            MalformedRequests.Endpoint requests = MalformedRequests.endpoint(endpoint[0], endpoint[1], endpoint[2])
                    .body(valid)
                    .text("recipient", true, 200)
                    .code("channel", true, "SMS", "wecom")
                    .text("target", true, 2000)
                    .code("mode", true, "LATER")
                    .code("minSeverity", false, "ORANGE")
                    .code("secretName", false, "Not A Name")
                    .code("leadUnitId", false, "a unit")
                    .code("digestTime", false, "9:00", "25:00", "09:60")
                    .code("quietFrom", false, "7pm")
                    .wrongTypes("rules")
                    .rule("programmeIds", "text instead of a list", merged(valid, Map.of("programmeIds", "7")))
                    .rule("programmeIds", "an object instead of a list", merged(valid, Map.of("programmeIds", Map.of("id", 7))))
                    .rule("programmeIds[0]", "text in the list", merged(valid, Map.of("programmeIds", List.of("seven"))))
                    .rule("rules[0]", "an unknown rule", merged(valid, Map.of("rules", List.of("LATE"))))
                    .rule("programmeIds[0]", "a negative programme id", merged(valid, Map.of("programmeIds", List.of(-1))))
                    .rule("target", "an e-mail address for a robot", merged(valid, Map.of("target", "office@example.cn")))
                    .rule("target", "a robot URL without http", merged(valid, Map.of("target", "qyapi.weixin.qq.com/send")))
                    .rule("secretName", "a secret for a channel that signs nothing", merged(valid, Map.of("secretName", "test-hook")))
                    .rule("secretName", "a webhook without its signing key", merged(valid, Map.of("channel", "WEBHOOK")))
                    .rule("secretName", "a signing key not configured", merged(valid, Map.of("channel", "WEBHOOK", "secretName", "nowhere")))
                    .rule("quietUntil", "quiet hours without their end", merged(valid, Map.of("quietFrom", "22:00")));
            if (endpoint[1].equals("PUT")) {
                requests.badPath("an id that is not a number", "subscriptions/abc")
                        .badPath("an id that does not exist", "subscriptions/99999999")
                        .badPath("a SQL fragment as the id", "subscriptions/1%20or%201%3D1");
            }
            cases.addAll(requests.cases());
        }
        System.out.printf("[corpus] notification-service subscriptions: %d malformed requests %s%n", cases.size(),
                MalformedRequests.countByEndpoint(cases));
        String before = MalformedRequests.read(base(), Tokens.forRole(Roles.SUPERVISOR, null), "subscriptions");
        Executable unchanged = () -> assertThat(MalformedRequests.read(base(), Tokens.forRole(Roles.SUPERVISOR, null), "subscriptions"))
                .isEqualTo(before);
        return Stream.concat(MalformedRequests.eachRefusedCleanly(base(), Tokens.forRole(Roles.SUPERVISOR, null), cases, unchanged),
                MalformedRequests.eachRefusedInChinese(base(), Tokens.forRole(Roles.SUPERVISOR, null), cases));
    }

    private static Map<String, Object> merged(Map<String, Object> body, Map<String, Object> changes) {
        Map<String, Object> merged = new java.util.HashMap<>(body);
        merged.putAll(changes);
        return merged;
    }

    @Test
    void theNoteStaysOptionalSoNoBodyAndNoContentTypeIsStillAValidAcknowledgement() throws Exception {
        int id = anOpenAlert("CORPUS-2");
        Answer acknowledged = MalformedRequests.postWithoutBody(base(), Tokens.forRole(Roles.SUPERVISOR, null),
                "alerts/" + id + "/acknowledgement");
        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        assertThat(acknowledged.body()).contains("\"state\":\"ACKNOWLEDGED\"");
    }

    private static int anOpenAlert(String projectId) {
        Events.project(projectId, "corpus-unit", "ACTIVE", "36600");
        Events.report(projectId, "corpus-unit", "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "10", "100", "36600");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).isEmpty());
        return (Integer) Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).get(0).get("id");
    }

    private static URI base() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    }

    /** Alert events are keyed by the project they concern; a sweep may write others' events meanwhile. */
    private long outboxRowsAbout(String projectId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select count(*) from outbox_event where record_key = ?")) {
            query.setString(1, projectId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
