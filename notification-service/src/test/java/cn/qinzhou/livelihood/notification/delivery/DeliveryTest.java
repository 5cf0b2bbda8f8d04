package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import cn.qinzhou.livelihood.testsupport.RobotReceivers;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * Alerts reaching people through real receivers: WeCom and DingTalk robots and a webhook played by a local HTTP server
 * that checks each request as those services do, and e-mail through a real SMTP server (GreenMail).
 */
@QuarkusTest
class DeliveryTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final AtomicLong ALERT_IDS = new AtomicLong(900_000_000L);
    /** When the quiet hours of {@link #subscribedInQuietHours} end: Thursday 3 December 2026, 07:00 in Shanghai. */
    private static final Instant QUIET_HOURS_END = ZonedDateTime.parse("2026-12-03T07:00:00+08:00[Asia/Shanghai]").toInstant();
    private static RobotReceivers receivers;

    @Inject
    MovableClock clock;

    // What the service's dispatcher is made of, for a pass the test stops itself.
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;
    @Inject
    Instance<ChannelSender> senders;
    @Inject
    RobotRateLimit rateLimit;
    @Inject
    Outbox outbox;

    @BeforeAll
    static void startReceivers() {
        receivers = new RobotReceivers();
    }

    @AfterAll
    static void stopReceivers() {
        receivers.close();
    }

    @AfterEach
    void systemClock() {
        clock.followSystemClock();
    }

    @Test
    void aRedAlertReachesEachChannelOnceAndTheLogShowsIt() throws Exception {
        String unit = "dlv-red-unit";
        subscribe(Map.of("recipient", "督查室企业微信群", "channel", "WECOM", "target", receivers.wecom("red-wecom"),
                "leadUnitId", unit, "mode", "IMMEDIATE"));
        subscribe(Map.of("recipient", "督查室钉钉群", "channel", "DINGTALK", "target", receivers.dingtalk("red-ding"),
                "secretName", "test-ding", "leadUnitId", unit, "mode", "IMMEDIATE"));
        subscribe(Map.of("recipient", "城市运行平台", "channel", "WEBHOOK", "target", receivers.webhook("red-hook"),
                "secretName", "test-hook", "leadUnitId", unit, "mode", "DIGEST"));
        subscribe(Map.of("recipient", "王科长", "channel", "EMAIL", "target", "wang@red-unit.example.cn",
                "leadUnitId", unit, "mode", "IMMEDIATE"));

        // 10 of 36,600 done at the end of September: far behind, a RED SLOW_PROGRESS alert (urgent: even the digest
        // subscriber gets it at once).
        Events.project("DLV-RED-1", unit, "ACTIVE", "36600");
        Events.report("DLV-RED-1", unit, "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "10", "100", "36600");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Events.alertsOf("DLV-RED-1", Alert.Rule.SLOW_PROGRESS).isEmpty());
        int alertId = (Integer) Events.alertsOf("DLV-RED-1", Alert.Rule.SLOW_PROGRESS).get(0).get("id");

        await().atMost(Duration.ofSeconds(60)).until(() -> receivers.to("red-wecom").size() == 1
                && receivers.to("red-ding").size() == 1 && receivers.to("red-hook").size() == 1 && mailsTo("wang@red-unit.example.cn").size() == 1);
        // The same change read again (a replay) is told to nobody a second time.
        List<TopicProbe.Seen> raised = TopicProbe.await(Topics.ALERT_EVENTS, s -> "DLV-RED-1".equals(s.key()), 1, Duration.ofSeconds(30));
        TopicProbe.send(Topics.ALERT_EVENTS, "DLV-RED-1", raised.get(0).value().toString(), raised.get(0).headers());
        Thread.sleep(3000);

        assertThat(receivers.violations()).isEmpty();
        assertThat(receivers.to("red-wecom")).singleElement().satisfies(r -> {
            assertThat(r.body().path("markdown").path("content").asText()).contains("红色预警", "进度滞后", "DLV-RED-1");
        });
        assertThat(receivers.to("red-ding").get(0).body().path("markdown").path("title").asText()).contains("红色预警");
        assertThat(receivers.to("red-hook").get(0).body().path("alert").path("id").asInt()).isEqualTo(alertId);
        assertThat(receivers.to("red-hook").get(0).body().path("eventType").asText()).isEqualTo("AlertRaised");
        List<MimeMessage> mails = mailsTo("wang@red-unit.example.cn");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).contains("红色预警", "进度滞后");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mails.get(0))).isNotBlank();

        RestApi.as(Roles.SUPERVISOR, null).get("/alerts/" + alertId + "/deliveries").then().statusCode(200)
                .body("size()", equalTo(4))
                .body("state", org.hamcrest.Matchers.everyItem(equalTo("SENT")))
                .body("attempts", org.hamcrest.Matchers.everyItem(equalTo(1)))
                .body("channel", org.hamcrest.Matchers.containsInAnyOrder("WECOM", "DINGTALK", "WEBHOOK", "EMAIL"));
        RestApi.as(Roles.LEAD_UNIT, unit).get("/alerts/" + alertId + "/deliveries").then().statusCode(200);
        RestApi.as(Roles.LEAD_UNIT, "another-unit").get("/alerts/" + alertId + "/deliveries").then().statusCode(403);
        RestApi.as(Roles.SUPERVISOR, null).get("/alerts/99999999/deliveries").then().statusCode(404);
    }

    @Test
    void aMailWhoseFirstSmtpSessionBreaksOffGoesOutInTheSameAttempt() throws Exception {
        clock.moveTo(Instant.parse("2026-12-02T02:00:00Z"));
        String address = "zhao@broken-session.example.cn";
        long mail = subscribe(Map.of("recipient", "赵科长", "channel", "EMAIL", "target", address,
                "leadUnitId", "dlv-session-unit", "mode", "IMMEDIATE"));
        GreenMailForTests.breakOffNextSessions(1);

        long alertId = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-session-unit");
        // The back-off after a failed attempt is at least 15 s on the stopped clock: only a new session within the
        // attempt can send it in time.
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(alertId, mail).get(0).state == Delivery.State.SENT);
        assertThat(deliveriesOf(alertId, mail).get(0).attempts).isEqualTo(1);
        assertThat(mailsTo(address).get(0).getSubject()).contains("红色预警");
        sleep(2000);
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void aReceiverFailingAndRecoveringGetsTheMessageOnceAfterwards() {
        clock.moveTo(Instant.parse("2026-12-02T02:00:00Z"));
        long hook = subscribe(Map.of("recipient", "数据中心", "channel", "WEBHOOK", "target", receivers.webhook("retry-hook"),
                "secretName", "test-hook", "leadUnitId", "dlv-retry-unit", "mode", "IMMEDIATE"));
        receivers.script("/hooks/retry-hook", RobotReceivers.Answer.of(500), RobotReceivers.Answer.of(503));

        long alertId = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-retry-unit");
        java.util.function.Supplier<List<Delivery>> owed = () -> deliveriesOf(alertId, hook);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("retry-hook").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> owed.get().get(0).attempts == 1);
        Delivery afterFirst = owed.get().get(0);
        assertThat(afterFirst.state).isEqualTo(Delivery.State.PENDING);
        assertThat(afterFirst.lastError).contains("HTTP 500");
        // Back-off: 30 s with jitter, at least half of it.
        assertThat(Duration.between(clock.instant(), afterFirst.dueAt)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("retry-hook").size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> owed.get().get(0).attempts == 2);
        assertThat(Duration.between(clock.instant(), owed.get().get(0).dueAt)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));

        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().get(0).state == Delivery.State.SENT);
        clock.advance(Duration.ofHours(2));
        sleep(2000);
        List<RobotReceivers.Received> requests = receivers.to("retry-hook");
        assertThat(requests).extracting(RobotReceivers.Received::answeredWith).containsExactly(500, 503, 204);
        // The same delivery id every time, so the receiver can drop a repeat.
        assertThat(requests).extracting(r -> r.headers().get("x-livelihood-delivery-id")).containsOnly(owed.get().get(0).id.toString());
        assertThat(owed.get().get(0).attempts).isEqualTo(3);
        assertThat(receivers.violations()).isEmpty();
    }

    @Test
    void aReceiverDownForMinutesGetsTheMessageOnceWhenItIsBack() {
        clock.moveTo(Instant.parse("2026-12-02T02:30:00Z"));
        int port = LocalKafkaBroker.freePort();
        long hook = subscribe(Map.of("recipient", "停机的数据中心", "channel", "WEBHOOK",
                "target", "http://127.0.0.1:" + port + "/hooks/down-hook", "secretName", "test-hook",
                "leadUnitId", "dlv-down-unit", "mode", "IMMEDIATE"));

        long alertId = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-down-unit");
        java.util.function.Supplier<List<Delivery>> owed = () -> deliveriesOf(alertId, hook);
        // Nothing listens: each attempt is refused, and the message stays owed, backing off.
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().size() == 1 && owed.get().get(0).attempts == 1);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().get(0).attempts == 2);
        assertThat(owed.get().get(0).state).isEqualTo(Delivery.State.PENDING);
        assertThat(owed.get().get(0).lastError).isNotBlank();

        try (RobotReceivers back = new RobotReceivers(port)) {
            clock.advance(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().get(0).state == Delivery.State.SENT);
            clock.advance(Duration.ofHours(2));
            sleep(2000);
            assertThat(back.to("down-hook")).extracting(RobotReceivers.Received::answeredWith).containsExactly(204);
            assertThat(back.violations()).isEmpty();
        }
    }

    @Test
    void aRateLimitedRobotIsAskedAgainOnlyAfterItsRetryAfter() {
        Instant start = Instant.parse("2026-12-02T03:00:00Z");
        clock.moveTo(start);
        long busy = subscribe(Map.of("recipient", "限流群", "channel", "WECOM", "target", receivers.wecom("busy-wecom"),
                "leadUnitId", "dlv-busy-unit", "mode", "IMMEDIATE"));
        receivers.script("busy-wecom", new RobotReceivers.Answer(429, "", Map.of("Retry-After", "120")));

        long alertId = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-busy-unit");
        java.util.function.Supplier<List<Delivery>> owed = () -> deliveriesOf(alertId, busy);
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().size() == 1 && owed.get().get(0).attempts == 1);
        assertThat(owed.get().get(0).dueAt).isEqualTo(start.plusSeconds(120));

        clock.advance(Duration.ofSeconds(119));
        sleep(1500);
        assertThat(receivers.to("busy-wecom")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().get(0).state == Delivery.State.SENT);
        assertThat(receivers.to("busy-wecom")).extracting(RobotReceivers.Received::answeredWith).containsExactly(429, 200);
    }

    @Test
    void aRefusedMessageIsFailedVisibleNotRetriedAndDeadLettered() {
        clock.moveTo(Instant.parse("2026-12-02T04:00:00Z"));
        long goneWecom = subscribe(Map.of("recipient", "失效的群", "channel", "WECOM", "target", receivers.wecom("gone-wecom"),
                "leadUnitId", "dlv-gone-unit", "mode", "IMMEDIATE"));
        receivers.script("gone-wecom", new RobotReceivers.Answer(400, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}", Map.of()));
        // A robot that answers 200 with an error code other than a rate limit is as final.
        long goneDing = subscribe(Map.of("recipient", "被移出的群", "channel", "DINGTALK", "target", receivers.dingtalk("gone-ding"),
                "secretName", "test-ding", "leadUnitId", "dlv-gone-unit", "mode", "IMMEDIATE"));
        receivers.script("gone-ding", new RobotReceivers.Answer(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}", Map.of()));

        long alertId = publishAlert("AlertEscalated", "OVERDUE", "RED", "dlv-gone-unit");
        java.util.function.Supplier<List<Delivery>> owed = () -> deliveriesOf(alertId, goneWecom, goneDing);
        await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().size() == 2
                && owed.get().stream().allMatch(d -> d.state == Delivery.State.FAILED));
        clock.advance(Duration.ofHours(3));
        sleep(2000);
        assertThat(receivers.to("gone-wecom")).hasSize(1);
        assertThat(receivers.to("gone-ding")).hasSize(1);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("state", "FAILED").queryParam("size", 500).get("/deliveries").then().statusCode(200)
                .body("items.findAll { it.alertId == " + alertId + " && it.subscriptionId in [" + goneWecom + ", " + goneDing + "] }.lastError", org.hamcrest.Matchers.containsInAnyOrder(
                        containsString("HTTP 400"), containsString("errcode 300001")))
                .body("items.findAll { it.alertId == " + alertId + " && it.subscriptionId in [" + goneWecom + ", " + goneDing + "] }.attempts", org.hamcrest.Matchers.everyItem(equalTo(1)));
        RestApi.as(Roles.LEAD_UNIT, "dlv-gone-unit").get("/deliveries").then().statusCode(403);

        List<TopicProbe.Seen> dead = TopicProbe.await(DeliveryDispatcher.DEAD_LETTER_TOPIC,
                s -> Long.toString(alertId).equals(s.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(s -> s.value().path("type").asText()).containsOnly("DeliveryFailed");
        dead = dead.stream().filter(s -> List.of(goneWecom, goneDing).contains(s.value().path("payload").path("subscriptionId").asLong())).toList();
        assertThat(dead).extracting(s -> s.value().path("payload").path("channel").asText()).containsExactlyInAnyOrder("WECOM", "DINGTALK");
        assertThat(dead.get(0).value().path("payload").path("content").path("id").asLong()).isEqualTo(alertId);
    }

    @Test
    void aBurstOfNonUrgentAlertsIsOneDigestPerRecipientAtTheDigestTime() throws Exception {
        // Monday 7 December 2026, 10:00 in Shanghai: the next digest is Tuesday 09:00.
        clock.moveTo(ZonedDateTime.parse("2026-12-07T10:00:00+08:00[Asia/Shanghai]").toInstant());
        String unit = "dlv-burst-unit";
        long digestWecom = subscribe(Map.of("recipient", "督查室汇总群", "channel", "WECOM", "target", receivers.wecom("digest-wecom"),
                "leadUnitId", unit, "mode", "DIGEST"));
        long digestMail = subscribe(Map.of("recipient", "李主任", "channel", "EMAIL", "target", "li@burst-unit.example.cn",
                "leadUnitId", unit, "mode", "DIGEST", "digestTime", "09:00"));

        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            burst.add(alertEnvelope("AlertRaised", ALERT_IDS.incrementAndGet(), i < 395 ? "OVERDUE" : "STALLED", "YELLOW", unit));
        }
        publish(burst);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from Delivery d where d.subscriptionId in (" + digestWecom
                + ", " + digestMail + ") and d.state = 'AWAITING_DIGEST'") == 800);
        Instant tuesdayNine = ZonedDateTime.parse("2026-12-08T09:00:00+08:00[Asia/Shanghai]").toInstant();
        assertThat(count("select count(*) from Delivery d where d.subscriptionId in (" + digestWecom + ", " + digestMail + ") and d.dueAt <> :due", tuesdayNine)).isZero();

        clock.moveTo(tuesdayNine.minusSeconds(1));
        sleep(1500);
        assertThat(receivers.to("digest-wecom")).isEmpty();
        assertThat(mailsTo("li@burst-unit.example.cn")).isEmpty();

        clock.moveTo(tuesdayNine);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("digest-wecom").size() == 1 && mailsTo("li@burst-unit.example.cn").size() == 1);
        sleep(2000);
        assertThat(receivers.to("digest-wecom")).hasSize(1);
        assertThat(mailsTo("li@burst-unit.example.cn")).hasSize(1);
        assertThat(receivers.violations()).isEmpty();
        String content = receivers.to("digest-wecom").get(0).body().path("markdown").path("content").asText();
        assertThat(content).contains("400 项变化", "逾期未报：395 项", "进度停滞：5 项", "请登录预警中心查看");
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        MimeMessage mail = mailsTo("li@burst-unit.example.cn").get(0);
        assertThat(mail.getSubject()).isEqualTo("民生实事预警汇总：400 项变化");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from Delivery d where d.subscriptionId in (" + digestWecom
                + ", " + digestMail + ") and d.kind = 'CHANGE' and d.state = 'SENT'") == 800);
    }

    @Test
    void aSubscriptionDeletedWhileItsMessageWaitsCancelsItAndNothingReachesTheReceiver() {
        // A YELLOW change waits for the quiet hours to end at 07:00.
        long withdrawn = subscribedInQuietHours("已撤销的群", "withdrawn-wecom", "dlv-withdrawn-unit");
        long alertId = publishAlert("AlertRaised", "STALLED", "YELLOW", "dlv-withdrawn-unit");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(alertId, withdrawn).size() == 1);

        RestApi.as(Roles.SUPERVISOR, null).delete("/subscriptions/" + withdrawn).then().statusCode(204);
        String itsMessages = "items.findAll { it.subscriptionId == " + withdrawn + " }";
        RestApi.as(Roles.SUPERVISOR, null).get("/deliveries?state=CANCELLED&size=500").then().statusCode(200)
                .body(itsMessages + ".alertId", org.hamcrest.Matchers.contains((int) alertId))
                .body(itsMessages + ".recipient", org.hamcrest.Matchers.contains("已撤销的群"));
        clock.moveTo(QUIET_HOURS_END);
        sleep(3000);
        assertThat(receivers.to("withdrawn-wecom")).isEmpty();
        RestApi.as(Roles.SUPERVISOR, null).get("/deliveries?state=CANCELLED&size=500").then().statusCode(200)
                .body(itsMessages + ".attempts", org.hamcrest.Matchers.contains(0));
    }

    @Test
    void quietHoursHoldBackWhatIsNotUrgentUntilTheyEnd() {
        long quiet = subscribedInQuietHours("夜间免打扰群", "quiet-wecom", "dlv-quiet-unit");

        long yellow = publishAlert("AlertRaised", "STALLED", "YELLOW", "dlv-quiet-unit");
        long red = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-quiet-unit");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("quiet-wecom").size() == 1);
        assertThat(receivers.to("quiet-wecom").get(0).body().path("markdown").path("content").asText()).contains("预警编号：" + red);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(yellow, quiet).size() == 1);
        assertThat(deliveriesOf(yellow, quiet).get(0).dueAt).isEqualTo(QUIET_HOURS_END);

        clock.moveTo(QUIET_HOURS_END.minusSeconds(60));
        sleep(2000);
        assertThat(receivers.to("quiet-wecom")).hasSize(1);
        clock.moveTo(QUIET_HOURS_END);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("quiet-wecom").size() == 2);
        assertThat(receivers.to("quiet-wecom").get(1).body().path("markdown").path("content").asText()).contains("预警编号：" + yellow);
    }

    /**
     * An instance that begins to stop (SIGTERM) while a pass is sending finishes the message in flight and hands back
     * the rest of its claim: due at once, no attempt counted, so they go out from another instance or the next start
     * without waiting for the lease, each once.
     */
    @Test
    void aStoppingInstanceFinishesTheMessageInFlightAndHandsBackTheRestUnattemptedAndDueAtOnce() throws Exception {
        String unit = "dlv-stop-unit";
        try (RobotReceivers slow = new RobotReceivers()) {
            slow.answerAfter("stop-hook", Duration.ofMillis(300));
            // Quiet hours hold the messages until 07:00, so none of the service's own passes takes them before the test's.
            clock.moveTo(ZonedDateTime.parse("2026-12-02T23:00:00+08:00[Asia/Shanghai]").toInstant());
            long hook = subscribe(Map.of("recipient", "夜间值守系统", "channel", "WEBHOOK", "target", slow.webhook("stop-hook"),
                    "secretName", "test-hook", "leadUnitId", unit, "mode", "IMMEDIATE", "quietFrom", "22:00", "quietUntil", "07:00"));
            List<Long> alerts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                alerts.add(publishAlert("AlertRaised", "STALLED", "YELLOW", unit));
            }
            java.util.function.Supplier<List<Delivery>> owed = () -> QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list(
                    "alertId in ?1 and subscriptionId = ?2", alerts, hook));
            await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().size() == 6);
            assertThat(owed.get()).allMatch(d -> d.dueAt.equals(QUIET_HOURS_END));

            // The stopping instance's pass at 07:00; the stop comes while its second message waits for its answer.
            MovableClock passClock = new MovableClock(false, Optional.empty());
            passClock.moveTo(QUIET_HOURS_END);
            DeliveryDispatcher stoppingInstance = new DeliveryDispatcher(em, passClock, mapper, senders, rateLimit, outbox,
                    10, Duration.ofSeconds(30), Duration.ofHours(1), 50, Duration.ofMinutes(1));
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> slow.to("stop-hook").size() >= 2);
                stoppingInstance.stopSending();
            });
            // Its claim may hold other tests' leftovers too: only this test's receiver and messages are counted.
            stoppingInstance.run();
            stop.get();

            assertThat(slow.to("stop-hook")).hasSize(2);
            List<Delivery> handedBack = owed.get().stream().filter(d -> d.state == Delivery.State.PENDING).toList();
            assertThat(owed.get()).filteredOn(d -> d.state == Delivery.State.SENT).hasSize(2);
            // Not leased until 07:01: due at 07:00, when the pass handed them back, untried.
            assertThat(handedBack).hasSize(4).allMatch(d -> d.attempts == 0 && d.lastError == null && d.dueAt.equals(QUIET_HOURS_END));

            // The service's own pass at 07:00 sends them, each once, each on its first attempt.
            clock.moveTo(QUIET_HOURS_END);
            await().atMost(Duration.ofSeconds(30)).until(() -> owed.get().stream().allMatch(d -> d.state == Delivery.State.SENT));
            assertThat(slow.to("stop-hook")).hasSize(6);
            assertThat(slow.to("stop-hook").stream().map(r -> r.headers().get("x-livelihood-delivery-id")).distinct()).hasSize(6);
            assertThat(owed.get()).allMatch(d -> d.attempts == 1);
            assertThat(slow.violations()).isEmpty();
        }
    }

    @Test
    void aWeComRobotGetsAtMostTwentyMessagesAMinute() {
        Instant start = Instant.parse("2026-12-02T05:00:00Z");
        clock.moveTo(start);
        long flood = subscribe(Map.of("recipient", "刷屏群", "channel", "WECOM", "target", receivers.wecom("flood-wecom"),
                "leadUnitId", "dlv-flood-unit", "mode", "IMMEDIATE"));
        List<String> urgent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            urgent.add(alertEnvelope("AlertRaised", ALERT_IDS.incrementAndGet(), "OVERDUE", "RED", "dlv-flood-unit"));
        }
        publish(urgent);

        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("flood-wecom").size() == 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from Delivery d where d.subscriptionId = "
                + flood + " and d.state = 'PENDING' and d.attempts = 0 and d.dueAt = :due", start.plusSeconds(60)) == 5);
        sleep(2000);
        assertThat(receivers.to("flood-wecom")).hasSize(20);

        clock.advance(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("flood-wecom").size() == 25);
        sleep(2000);
        assertThat(receivers.to("flood-wecom")).hasSize(25).allSatisfy(r -> assertThat(r.answeredWith()).isEqualTo(200));
    }

    @Test
    void aLeadUnitSubscribesForItsOwnUnitOnlyAndHearsOnlyOfIt() {
        Map<String, Object> own = new HashMap<>(Map.of("recipient", "本单位群", "channel", "WECOM",
                "target", receivers.wecom("own-wecom"), "mode", "IMMEDIATE"));
        RestApi.as(Roles.LEAD_UNIT, "dlv-own-unit").body(own).post("/subscriptions").then().statusCode(201)
                .body("leadUnitId", equalTo("dlv-own-unit"));
        own.put("leadUnitId", "dlv-other-unit");
        RestApi.as(Roles.LEAD_UNIT, "dlv-own-unit").body(own).post("/subscriptions").then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, "dlv-own-unit").get("/subscriptions").then().statusCode(200)
                .body("leadUnitId", org.hamcrest.Matchers.everyItem(equalTo("dlv-own-unit")));
        long supervisors = RestApi.as(Roles.SUPERVISOR, null).body(Map.of("recipient", "督查室", "channel", "EMAIL",
                "target", "office@example.cn", "leadUnitId", "dlv-other-unit", "mode", "IMMEDIATE")).post("/subscriptions")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        RestApi.as(Roles.LEAD_UNIT, "dlv-own-unit").get("/subscriptions/" + supervisors).then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, "dlv-own-unit").delete("/subscriptions/" + supervisors).then().statusCode(403);

        long ownAlert = publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-own-unit");
        publishAlert("AlertRaised", "OVERDUE", "RED", "dlv-other-unit");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivers.to("own-wecom").size() == 1);
        sleep(2000);
        assertThat(receivers.to("own-wecom")).singleElement()
                .satisfies(r -> assertThat(r.body().path("markdown").path("content").asText()).contains("预警编号：" + ownAlert));
    }

    @Test
    void subscriptionsAreValidatedAndNeverShowASecret() {
        Map<String, Object> ding = new HashMap<>(Map.of("recipient", "钉钉群", "channel", "DINGTALK",
                "target", receivers.dingtalk("TOKEN-NEVER-SHOWN"), "secretName", "test-ding", "mode", "DIGEST",
                "rules", List.of("OVERDUE", "REPEAT_LATE"), "minSeverity", "YELLOW", "programmeIds", List.of(7),
                "quietFrom", "22:00", "quietUntil", "07:30"));
        var created = RestApi.as(Roles.SUPERVISOR, null).body(ding).post("/subscriptions").then().statusCode(201)
                .body("secretName", equalTo("test-ding")).body("digestTime", equalTo("09:00"))
                .body("rules", org.hamcrest.Matchers.contains("OVERDUE", "REPEAT_LATE"))
                .body("target", containsString("access_token=***")).extract();
        long id = RestApi.as(Roles.SUPERVISOR, null).body(ding).post("/subscriptions").then().statusCode(201).extract().jsonPath().getLong("id");
        String listed = RestApi.as(Roles.SUPERVISOR, null).get("/subscriptions").then().statusCode(200).extract().asString();
        String one = RestApi.as(Roles.SUPERVISOR, null).get("/subscriptions/" + id).then().statusCode(200).extract().asString();
        for (String answer : List.of(created.asString(), listed, one)) {
            assertThat(answer).doesNotContain("TOKEN-NEVER-SHOWN", RobotReceivers.DING_SECRET, RobotReceivers.HOOK_KEY);
        }

        problem(Map.of("recipient", "x", "channel", "DINGTALK", "target", receivers.dingtalk("t"), "secretName", "no-such-secret",
                "mode", "IMMEDIATE"), "secretName", "configured secret");
        problem(Map.of("recipient", "x", "channel", "WEBHOOK", "target", receivers.webhook("t"), "mode", "IMMEDIATE"),
                "secretName", "is required");
        problem(Map.of("recipient", "x", "channel", "EMAIL", "target", "not-an-address", "mode", "IMMEDIATE"), "target", "e-mail");
        problem(Map.of("recipient", "x", "channel", "WECOM", "target", "ftp://robot.example/x", "mode", "IMMEDIATE"), "target", "http");
        problem(Map.of("recipient", "x", "channel", "WECOM", "target", receivers.wecom("t"), "mode", "IMMEDIATE",
                "quietFrom", "22:00"), "quietUntil", "together");
        problem(Map.of("recipient", "x", "channel", "WECOM", "target", receivers.wecom("t"), "mode", "IMMEDIATE",
                "digestTime", "25:00"), "digestTime", "HH:mm");
        problem(Map.of("recipient", "", "channel", "WECOM", "target", receivers.wecom("t"), "mode", "IMMEDIATE"), "recipient", "");
        problem(Map.of("recipient", "x", "channel", "SMS", "target", receivers.wecom("t"), "mode", "IMMEDIATE"), "channel", "one of");
        problem(Map.of("recipient", "x", "channel", "WECOM", "target", receivers.wecom("t"), "mode", "IMMEDIATE",
                "rules", List.of("LATE")), "rules[0]", "one of");

        RestApi.as(Roles.PLANNER, null).get("/subscriptions").then().statusCode(403);
        RestApi.anonymous().get("/subscriptions").then().statusCode(401);
        RestApi.as(Roles.SUPERVISOR, null).get("/subscriptions/99999999").then().statusCode(404);
        RestApi.as(Roles.SUPERVISOR, null).delete("/subscriptions/" + id).then().statusCode(204);
        RestApi.as(Roles.SUPERVISOR, null).get("/subscriptions/" + id).then().statusCode(404);
        RestApi.as(Roles.SUPERVISOR, null).delete("/subscriptions/" + created.jsonPath().getLong("id")).then().statusCode(204);
    }

    private static void problem(Map<String, Object> body, String field, String rule) {
        RestApi.as(Roles.SUPERVISOR, null).body(body).post("/subscriptions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(field))
                .body("violations.find { it.field == '" + field + "' }.message", containsString(rule));
    }

    /**
     * The clock at 23:00 on Wednesday 2 December 2026 in Shanghai, inside the quiet hours (22:00 to 07:00) of the WeCom
     * robot subscribed for the unit, immediate otherwise; returns the subscription's id.
     */
    private long subscribedInQuietHours(String recipient, String robot, String leadUnitId) {
        clock.moveTo(ZonedDateTime.parse("2026-12-02T23:00:00+08:00[Asia/Shanghai]").toInstant());
        return subscribe(Map.of("recipient", recipient, "channel", "WECOM", "target", receivers.wecom(robot),
                "leadUnitId", leadUnitId, "mode", "IMMEDIATE", "quietFrom", "22:00", "quietUntil", "07:00"));
    }

    private static long subscribe(Map<String, Object> body) {
        return RestApi.as(Roles.SUPERVISOR, null).body(body).post("/subscriptions").then().statusCode(201)
                .body("target", not(containsString("secret"))).extract().jsonPath().getLong("id");
    }

    /** An alert change published on the topic as notification-service's outbox does (no alert row behind it). */
    private static long publishAlert(String type, String rule, String severity, String unit) {
        long id = ALERT_IDS.incrementAndGet();
        publish(List.of(alertEnvelope(type, id, rule, severity, unit)));
        return id;
    }

    /** As the outbox relay publishes: keyed by the aggregate, with the event-type and event-id headers, in one batch. */
    private static void publish(List<String> envelopes) {
        Map<String, Object> config = Map.of("bootstrap.servers", RealInfrastructure.broker().bootstrapServers(), "acks", "all",
                "linger.ms", 200, "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (String envelope : envelopes) {
                com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(envelope);
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ALERT_EVENTS, json.path("aggregateId").asText(), envelope);
                record.headers().add("event-type", json.path("type").asText().getBytes(StandardCharsets.UTF_8));
                record.headers().add("event-id", json.path("eventId").asText().getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String alertEnvelope(String type, long id, String rule, String severity, String unit) {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        AlertEvent alert = new AlertEvent(id, rule, severity, "OPEN", "PROJECT", "DLV-P-" + id, "DLV-P-" + id, unit, 7,
                "2026-10", "项目 DLV-P-" + id + " 2026-10 月报逾期未报", "{}", at, at, null, null, 0, "NONE", null);
        try {
            return JSON.writeValueAsString(new EventEnvelope(UUID.randomUUID(), type, AlertEvent.SCHEMA_VERSION, at,
                    "DLV-P-" + id, JSON.valueToTree(alert)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the test's own subscriptions are owed: other tests' subscriptions may match the same alerts. */
    private static List<Delivery> deliveriesOf(long alertId, Long... subscriptions) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list(
                "alertId = ?1 and subscriptionId in ?2 order by createdAt, subscriptionId", alertId, List.of(subscriptions)));
    }

    private static long count(String jpql) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.getEntityManager().createQuery(jpql, Long.class).getSingleResult());
    }

    private static long count(String jpql, Instant due) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.getEntityManager().createQuery(jpql, Long.class)
                .setParameter("due", due).getSingleResult());
    }

    private static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : GreenMailForTests.server().getReceivedMessages()) {
            if (mail.getAllRecipients() != null && java.util.Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
