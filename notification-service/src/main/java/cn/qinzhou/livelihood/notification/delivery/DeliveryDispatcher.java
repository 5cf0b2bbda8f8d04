package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends what is owed. Each pass first turns the changes whose digest time has come into one digest per subscriber,
 * then claims the due messages (a lease: their due time moved ahead, so another instance skips them), sends each
 * outside any transaction and records how it went: sent; retried with exponential back-off and jitter, or after
 * the receiver's Retry-After; or, refused for good or out of attempts, FAILED with a record on the dead-letter topic
 * {@code livelihood.alert.events.dlt.notification-delivery} (written by the outbox, with the FAILED state).
 * <p>
 * A service that begins to stop sends no further message: the pass finishes the one in flight and hands back the
 * others it claimed, due at once and with no attempt counted, so another instance (or this one's next start) sends
 * them without waiting for the lease, and the stop does not wait for a batch of sends.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    public static final String DEAD_LETTER_TOPIC = Topics.deadLetterOf(Topics.ALERT_EVENTS, DeliveryIntake.CONSUMER_GROUP);
    public static final String DELIVERY_FAILED = "DeliveryFailed";

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    /** The longest a send takes with the default timeouts: HTTP 5 s to connect and 10 s to answer, e-mail two 10 s sessions. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private final EntityManager em;
    private final MovableClock clock;
    private final ObjectMapper mapper;
    private final Map<Subscription.Channel, ChannelSender> senders = new EnumMap<>(Subscription.Channel.class);
    private final RobotRateLimit rateLimit;
    private final Outbox outbox;
    private final int maxAttempts;
    private final Duration backOffBase;
    private final Duration backOffMax;
    private final int batch;
    private final Duration lease;
    private final ExecutorService waker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-wake");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** One pass at a time in this instance, scheduled or woken; instances are kept apart by the claim's lease. */
    private final ReentrantLock passing = new ReentrantLock();
    private volatile boolean stopping;

    public DeliveryDispatcher(EntityManager em, MovableClock clock, ObjectMapper mapper, Instance<ChannelSender> senders,
                              RobotRateLimit rateLimit, Outbox outbox,
                              @ConfigProperty(name = "livelihood.delivery.max-attempts", defaultValue = "10") int maxAttempts,
                              @ConfigProperty(name = "livelihood.delivery.back-off.base", defaultValue = "PT30S") Duration backOffBase,
                              @ConfigProperty(name = "livelihood.delivery.back-off.max", defaultValue = "PT1H") Duration backOffMax,
                              @ConfigProperty(name = "livelihood.delivery.batch", defaultValue = "50") int batch,
                              @ConfigProperty(name = "livelihood.delivery.lease", defaultValue = "PT1M") Duration lease) {
        this.em = em;
        this.clock = clock;
        this.mapper = mapper;
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
        this.rateLimit = rateLimit;
        this.outbox = outbox;
        this.maxAttempts = maxAttempts;
        this.backOffBase = backOffBase;
        this.backOffMax = backOffMax;
        this.batch = batch;
        this.lease = lease;
    }

    /** What the dead-letter topic gets for a message given up, with the content it would have carried. */
    public record DeliveryFailure(UUID deliveryId, Delivery.Kind kind, long subscriptionId, String recipient,
                                  Subscription.Channel channel, Long alertId, UUID eventId, String eventType, int attempts,
                                  String reason, JsonNode content) {
    }

    @Scheduled(every = "${livelihood.delivery.dispatch-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /**
     * A pass as soon as possible, off the caller's thread (the intake's consumer, right after it committed a message due
     * now). Wakes arriving while a pass runs make one more pass after it, never a queue of them.
     */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakeQueued.set(false);
                    try {
                        run();
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "delivery pass on wake-up failed; the scheduled pass retries");
                    }
                });
            } catch (RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    /**
     * Waits for a pass under way to end (after its message in flight: at most a send's timeouts), so that it hands back
     * its claims before the datasource closes; a pass woken by the intake runs on a thread no one else waits for.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopSending();
        try {
            if (passing.tryLock(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                passing.unlock();
            } else {
                LOG.warnf("stopping: a delivery pass still sending after %s; its claims come due when their lease ends", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on a pass sends nothing more (see the class comment). */
    void stopSending() {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }

    /** One pass; returns how many messages were attempted. */
    public int run() {
        passing.lock();
        try {
            if (stopping) {
                return 0;
            }
            assembleDigests();
            int attempted = 0;
            List<UUID> claimed;
            do {
                claimed = claimDue();
                for (int i = 0; i < claimed.size(); i++) {
                    if (stopping) {
                        handBack(claimed.subList(i, claimed.size()));
                        return attempted;
                    }
                    attempt(claimed.get(i));
                    attempted++;
                }
            } while (claimed.size() == batch);
            return attempted;
        } finally {
            passing.unlock();
        }
    }

    private void assembleDigests() {
        Instant now = clock.instant();
        List<Object[]> owed = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select d.subscriptionId, max(d.dueAt) from Delivery d where d.state = :state and d.dueAt <= :now"
                                + " group by d.subscriptionId", Object[].class)
                .setParameter("state", Delivery.State.AWAITING_DIGEST).setParameter("now", now).getResultList());
        for (Object[] row : owed) {
            QuarkusTransaction.requiringNew().run(() -> assembleDigest((Long) row[0], (Instant) row[1], now));
        }
    }

    /** One message for all the subscriber's changes waiting for this digest time, counted by rule and severity. */
    private void assembleDigest(long subscriptionId, Instant dueAt, Instant now) {
        List<Delivery> items = em.createQuery("from Delivery d where d.subscriptionId = :subscription and d.state = :state"
                        + " and d.dueAt <= :now order by d.createdAt, d.id", Delivery.class)
                .setParameter("subscription", subscriptionId).setParameter("state", Delivery.State.AWAITING_DIGEST)
                .setParameter("now", now).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        if (items.isEmpty()) {
            return; // another instance took them
        }
        Subscription subscription = Subscription.findById(subscriptionId);
        if (subscription == null) {
            items.forEach(item -> end(item, Delivery.State.CANCELLED, now));
            return;
        }
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, Integer> bySeverity = new TreeMap<>();
        List<Digest.Item> shown = new java.util.ArrayList<>();
        for (Delivery item : items) {
            byRule.merge(item.rule, 1, Integer::sum);
            bySeverity.merge(item.severity, 1, Integer::sum);
            if (shown.size() < Digest.MAX_ITEMS) {
                AlertEvent alert = alertOf(item);
                shown.add(new Digest.Item(item.alertId, item.eventType, item.rule, item.severity, alert.projectId(),
                        alert.leadUnitId(), alert.period(), alert.message()));
            }
        }
        Delivery digest = new Delivery();
        digest.id = Delivery.digestIdOf(subscriptionId, dueAt);
        digest.kind = Delivery.Kind.DIGEST;
        digest.subscriptionId = subscriptionId;
        digest.recipient = subscription.recipient;
        digest.channel = subscription.channel;
        digest.payload = json(new Digest(items.size(), byRule, bySeverity, shown));
        digest.state = Delivery.State.PENDING;
        digest.dueAt = now;
        digest.createdAt = now;
        digest.updatedAt = now;
        digest.persist();
        for (Delivery item : items) {
            item.state = Delivery.State.IN_DIGEST;
            item.digestId = digest.id;
            item.updatedAt = now;
        }
    }

    @SuppressWarnings("unchecked")
    private List<UUID> claimDue() {
        Instant now = clock.instant();
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        update delivery set due_at = :lease, updated_at = :now
                        where id in (select id from delivery where state = 'PENDING' and due_at <= :now
                                     order by due_at limit :batch for update skip locked)
                        returning cast(id as text)""")
                .setParameter("lease", now.plus(lease)).setParameter("now", now).setParameter("batch", batch)
                .getResultList());
        return ids.stream().map(UUID::fromString).toList();
    }

    /** Claims released unsent: due now rather than when the lease ends, their attempts untouched. */
    private void handBack(List<UUID> ids) {
        Instant now = clock.instant();
        int released = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "update delivery set due_at = :now, updated_at = :now where id in (:ids) and state = 'PENDING'")
                .setParameter("now", now).setParameter("ids", ids).executeUpdate());
        LOG.infof("stopping: %d claimed messages handed back unsent", released);
    }

    private record Prepared(Subscription subscription, Message message, String body) {
    }

    private void attempt(UUID id) {
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(id));
        if (prepared == null) {
            return;
        }
        Subscription subscription = prepared.subscription();
        if (subscription.channel == Subscription.Channel.WECOM || subscription.channel == Subscription.Channel.DINGTALK) {
            Instant notBefore = rateLimit.acquire(subscription.target, clock.instant()).orElse(null);
            if (notBefore != null) {
                // Not an attempt: the robot's limit, kept by us, says when its turn comes.
                QuarkusTransaction.requiringNew().run(() -> Delivery.update("dueAt = ?1 where id = ?2", notBefore, id));
                return;
            }
        }
        SendResult result;
        try {
            result = senders.get(subscription.channel).send(subscription, id.toString(), prepared.message(), prepared.body());
        } catch (RuntimeException e) {
            LOG.errorf(e, "delivery %s: the %s sender failed", id, subscription.channel);
            result = SendResult.retry("internal error: " + e.getClass().getSimpleName(), null);
        }
        SendResult outcome = result;
        QuarkusTransaction.requiringNew().run(() -> record(id, outcome));
    }

    private Prepared prepare(UUID id) {
        Delivery delivery = Delivery.findById(id);
        if (delivery == null || delivery.state != Delivery.State.PENDING) {
            return null;
        }
        Subscription subscription = Subscription.findById(delivery.subscriptionId);
        if (subscription == null) {
            end(delivery, Delivery.State.CANCELLED, clock.instant());
            return null;
        }
        ChannelSender sender = senders.get(subscription.channel);
        ObjectNode body = mapper.createObjectNode().put("deliveryId", id.toString());
        Message message;
        if (delivery.kind == Delivery.Kind.DIGEST) {
            Digest digest = read(delivery.payload, Digest.class);
            message = Message.ofDigest(digest, sender.maxBytes());
            body.set("digest", mapper.valueToTree(digest));
        } else {
            message = Message.ofChange(delivery.eventType, alertOf(delivery));
            body.put("eventId", String.valueOf(delivery.eventId)).put("eventType", delivery.eventType)
                    .set("alert", read(delivery.payload, JsonNode.class));
        }
        em.detach(subscription);
        return new Prepared(subscription, message, body.toString());
    }

    private void record(UUID id, SendResult result) {
        Delivery delivery = Delivery.findById(id);
        Instant now = clock.instant();
        delivery.attempts++;
        delivery.updatedAt = now;
        switch (result.outcome()) {
            case SENT -> {
                delivery.state = Delivery.State.SENT;
                delivery.sentAt = now;
                carried(delivery, Delivery.State.SENT, now);
                // DEBUG: the delivery log (GET /deliveries) keeps every message sent; a log line each cost as much
                // as reading the message back, about a tenth of the dispatcher's CPU. Retries and failures stay at
                // INFO and WARN.
                LOG.debugf("delivery %s (%s) to %s by %s sent on attempt %d", id, delivery.kind, delivery.recipient,
                        delivery.channel, delivery.attempts);
            }
            case RETRY -> {
                delivery.lastError = result.error();
                if (delivery.attempts >= maxAttempts) {
                    fail(delivery, "gave up after " + delivery.attempts + " attempts: " + result.error(), now);
                } else {
                    delivery.dueAt = now.plus(result.retryAfter() != null ? result.retryAfter() : backOff(delivery.attempts));
                    LOG.infof("delivery %s to %s by %s: attempt %d failed (%s), next at %s", id, delivery.recipient,
                            delivery.channel, delivery.attempts, result.error(), delivery.dueAt);
                }
            }
            case FAILED -> fail(delivery, result.error(), now);
        }
    }

    /** Exponential, capped, with jitter (half fixed, half random) so receivers that come back are not hit all at once. */
    Duration backOff(int attempts) {
        long base = backOffBase.toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, backOffMax.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void fail(Delivery delivery, String reason, Instant now) {
        delivery.state = Delivery.State.FAILED;
        delivery.lastError = reason;
        carried(delivery, Delivery.State.FAILED, now);
        LOG.warnf("delivery %s (%s) to %s by %s failed for good: %s", delivery.id, delivery.kind, delivery.recipient,
                delivery.channel, reason);
        outbox.append(DEAD_LETTER_TOPIC, delivery.alertId != null ? delivery.alertId.toString() : "subscription-" + delivery.subscriptionId,
                DELIVERY_FAILED, 1, new DeliveryFailure(delivery.id, delivery.kind, delivery.subscriptionId, delivery.recipient,
                        delivery.channel, delivery.alertId, delivery.eventId, delivery.eventType, delivery.attempts, reason,
                        read(delivery.payload, JsonNode.class)));
    }

    /** A digest's outcome is its changes' outcome. */
    private void carried(Delivery delivery, Delivery.State state, Instant now) {
        if (delivery.kind == Delivery.Kind.DIGEST) {
            Delivery.update("state = ?1, sentAt = ?2, updatedAt = ?3 where digestId = ?4", state,
                    state == Delivery.State.SENT ? now : null, now, delivery.id);
        }
    }

    private static void end(Delivery delivery, Delivery.State state, Instant now) {
        delivery.state = state;
        delivery.updatedAt = now;
    }

    private AlertEvent alertOf(Delivery delivery) {
        return read(delivery.payload, AlertEvent.class);
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readerFor(type).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("delivery payload unreadable", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
