package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import cn.qinzhou.livelihood.platform.tracing.TraceContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows in id order and marks them sent. Each batch is one Kafka transaction
 * (acks=all, idempotent), and its rows are marked published in the same database transaction that claimed
 * them, committed only after the Kafka transaction committed. A send that timed out while the broker hung may
 * still be written when it answers again, but its transaction is then aborted, so readers with
 * {@code isolation.level=read_committed} never see it and the rows go out again in a later transaction: each
 * event appears once to them. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances of a
 * service can relay side by side, each with its own {@code transactional.id} (named by the instance,
 * {@link KafkaClientSettings#instanceName()}); a restarted instance, using the same id, fences its predecessor and
 * aborts the transaction the predecessor left open.
 * <p>
 * One window is left by any pair of commits: an instance killed after the broker committed a batch but before the
 * database did leaves rows pending whose records are already on the topic. So each new producer, before it sends,
 * reads back what the topics took since the oldest pending row was written and marks those rows published
 * ({@link #reconcile}); the batch then goes out once, not twice.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * The database transaction stays open while a Kafka commit's outcome is unknown (the broker hangs): giving up
     * then could drop the mark of a batch the broker did commit, and that batch would be published twice.
     */
    private static final int CLAIM_TIMEOUT_SECONDS = 15 * 60;
    /** Allows for the clock of the instance that wrote a row differing from the one that sent it. */
    private static final Duration READ_BACK_MARGIN = Duration.ofMinutes(5);
    private static final Duration READ_BACK_LIMIT = Duration.ofMinutes(5);

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final OutboxMetrics metrics;
    private final KafkaClientSettings kafka;
    private final String transactionalId;
    private final boolean enabled;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Duration maxBackOff;
    private final Semaphore wakeUp = new Semaphore(0);

    private volatile boolean running;
    private volatile String lastError;
    private volatile Instant failingSince;
    private Thread worker;
    /** Created (and its transactions initialised) by the relay's thread, which alone uses it. */
    private KafkaProducer<String, String> producer;

    public OutboxRelay(EntityManager entityManager, AgroalDataSource dataSource, OutboxMetrics metrics,
                       KafkaClientSettings kafka,
                       @ConfigProperty(name = "quarkus.application.name") String applicationName,
                       @ConfigProperty(name = "livelihood.outbox.relay.transactional-id") Optional<String> transactionalId,
                       @ConfigProperty(name = "livelihood.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "livelihood.outbox.relay.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "livelihood.outbox.relay.poll-interval", defaultValue = "PT1S") Duration pollInterval,
                       @ConfigProperty(name = "livelihood.outbox.relay.linger", defaultValue = "PT0.01S") Duration linger,
                       @ConfigProperty(name = "livelihood.outbox.relay.max-back-off", defaultValue = "PT10S") Duration maxBackOff) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.kafka = kafka;
        this.transactionalId = transactionalId.orElseGet(() -> applicationName + "-relay-" + kafka.instanceName());
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
        this.maxBackOff = maxBackOff;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wakeUp.release();
        if (worker != null) {
            worker.join(10_000);
        }
        closeProducer(Duration.ofSeconds(5));
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxAppended appended) {
        wakeUp.release();
    }

    /** Whether this instance relays at all, and if so whether its thread is still there; for readiness. */
    public boolean enabled() {
        return enabled;
    }

    public boolean workerAlive() {
        return worker != null && worker.isAlive();
    }

    /** The last failure while it lasts (null once a pass succeeds), and since when passes fail; for readiness. */
    public String lastError() {
        return lastError;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public String transactionalId() {
        return transactionalId;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                if (failures > 0) {
                    // Broker or database away: back off (exponentially, capped) instead of hammering them.
                    sleepWhileRunning(backOff(failures));
                } else if (wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (!linger.isZero()) {
                        // Woken by a commit: wait a moment for the commits right behind it, so that under load one
                        // pass (one transaction, one wait for the broker's acks) carries many rows, not one.
                        TimeUnit.MILLISECONDS.sleep(linger.toMillis());
                    }
                } else if (producer != null && !anyPending()) {
                    // The interval's pass, nothing woke it: on an idle instance, a claiming transaction every second
                    // that finds nothing was one of its larger costs; one read in auto-commit says so more cheaply.
                    continue;
                }
                wakeUp.drainPermits();
                int sent;
                do {
                    sent = publishBatch();
                } while (running && sent == batchSize);
                if (sent >= 0) {
                    failures = 0;
                    lastError = null;
                    failingSince = null;
                } else {
                    failures++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                failed(String.valueOf(rootCause(e).getMessage()));
                LOG.warnf("outbox relay pass failed, retrying in %d ms: %s", backOff(failures).toMillis(), e.getMessage());
            }
        }
    }

    /** Whether any row waits, this instance's or another's (rows another instance holds locked included). */
    private boolean anyPending() {
        try (Connection connection = dataSource.getConnection();
             Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("select exists (select 1 from outbox_event where published_at is null)")) {
            return row.next() && row.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Duration backOff(int failures) {
        long millis = pollInterval.toMillis() << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(millis, maxBackOff.toMillis()));
    }

    /**
     * Publishes one batch in one Kafka transaction and returns how many rows were marked sent, or -1 when the
     * transaction did not commit (the rows stay pending, and nothing of the attempt is visible to read_committed
     * readers).
     */
    public int publishBatch() {
        KafkaProducer<String, String> kafka = producer();
        try {
            return QuarkusTransaction.requiringNew().timeout(CLAIM_TIMEOUT_SECONDS).call(() -> {
                // Plain rows, not entities: nothing to dirty-check, and the batch is marked with one statement.
                @SuppressWarnings("unchecked")
                List<Object[]> pending = entityManager.createNativeQuery(
                                "select id, topic, record_key, event_type, event_id, envelope, traceparent, tracestate from outbox_event"
                                        + " where published_at is null order by id limit :limit for update skip locked")
                        .setParameter("limit", batchSize)
                        .getResultList();
                if (pending.isEmpty()) {
                    return 0;
                }
                List<Long> ids = pending.stream().map(row -> ((Number) row[0]).longValue()).toList();
                List<String> topics = pending.stream().map(row -> (String) row[1]).toList();
                try {
                    kafka.beginTransaction();
                    for (Object[] row : pending) {
                        ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2], (String) row[5]);
                        record.headers().add("event-type", ((String) row[3]).getBytes(StandardCharsets.UTF_8));
                        record.headers().add("event-id", row[4].toString().getBytes(StandardCharsets.UTF_8));
                        new TraceContext((String) row[6], (String) row[7]).addTo(record.headers());
                        kafka.send(record);
                    }
                    // Marked before the Kafka commit, so a database failure here aborts the Kafka transaction;
                    // only the database's own commit, right after, follows the broker's.
                    entityManager.createNativeQuery("update outbox_event set published_at = :now, attempts = attempts + 1"
                                    + " where id in (:ids)")
                            .setParameter("now", Instant.now()).setParameter("ids", ids).executeUpdate();
                    commit(kafka);
                } catch (RuntimeException e) {
                    abort(kafka);
                    metrics.afterPass(topics, 0);
                    throw new NotPublished(ids, e);
                }
                metrics.afterPass(topics, pending.size());
                return pending.size();
            });
        } catch (RuntimeException thrown) {
            NotPublished e = notPublished(thrown);
            if (e == null) {
                throw thrown;
            }
            String error = truncate(String.valueOf(rootCause(e.getCause()).getMessage()));
            failed(error);
            recordAttempt(e.ids, error);
            LOG.warnf("outbox: %d event(s) not delivered yet (%s); retrying", e.ids.size(), error);
            return -1;
        }
    }

    /**
     * Commits the Kafka transaction. A commit that timed out has an unknown outcome: it is retried (the producer
     * resumes the same commit) until the broker says, rather than aborted, since the broker may have committed it.
     */
    private void commit(KafkaProducer<String, String> kafka) {
        while (true) {
            try {
                kafka.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (!running) {
                    throw e;
                }
                LOG.debugf("outbox: Kafka commit not answered yet, asking again: %s", e.getMessage());
            }
        }
    }

    /**
     * Aborts the transaction so none of its records reach read_committed readers. A producer that is fenced, in a
     * fatal state or cannot even abort is dropped: the next one, with the same transactional.id, aborts whatever
     * this one left open when it initialises.
     */
    private void abort(KafkaProducer<String, String> kafka) {
        try {
            kafka.abortTransaction();
        } catch (RuntimeException e) {
            LOG.debugf("outbox: abort failed (%s); the producer is replaced", e.getMessage());
            closeProducer(Duration.ZERO);
        }
    }

    private void recordAttempt(List<Long> ids, String error) {
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                            "update outbox_event set attempts = attempts + 1, last_error = :error where id in (:ids)")
                    .setParameter("error", error).setParameter("ids", ids).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("outbox: could not record the failed attempt: %s", e.getMessage());
        }
    }

    private void failed(String error) {
        lastError = error;
        if (failingSince == null) {
            failingSince = Instant.now();
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = kafka.properties();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // Fail fast while the broker is away; the rows stay pending and the next pass retries them.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            // A transaction left open by a crashed instance whose id is not reused (a replaced pod) holds back
            // read_committed readers of its partitions until the broker aborts it: keep that short.
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            KafkaProducer<String, String> created = new KafkaProducer<>(props);
            try {
                // Fences an earlier producer with this id (this instance before a crash) and aborts its open transaction.
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            try {
                reconcile();
            } catch (RuntimeException e) {
                // Sending before knowing what the topics already hold could publish a batch twice.
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /**
     * Marks published the pending rows whose records a read_committed reader already finds on their topics: the
     * batches an earlier producer committed to Kafka whose database commit never came (the instance died between
     * the two, or a commit's outcome stayed unknown). Reads each partition from a little before the oldest pending
     * row was written (records carry the time they were sent, always later) to its end; with nothing pending, as
     * after a clean stop, it reads nothing. Returns how many rows it marked.
     */
    int reconcile() {
        @SuppressWarnings("unchecked")
        List<Object[]> pending = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "select topic, event_id, created_at from outbox_event where published_at is null")
                .getResultList());
        if (pending.isEmpty()) {
            return 0;
        }
        Set<String> pendingIds = new HashSet<>();
        Map<String, Instant> oldestByTopic = new HashMap<>();
        for (Object[] row : pending) {
            pendingIds.add(row[1].toString());
            oldestByTopic.merge((String) row[0], toInstant(row[2]), (a, b) -> a.isBefore(b) ? a : b);
        }
        Set<String> onTopics = readBack(oldestByTopic, pendingIds);
        if (onTopics.isEmpty()) {
            return 0;
        }
        List<UUID> ids = onTopics.stream().map(UUID::fromString).toList();
        int marked = 0;
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + batchSize));
            marked += QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                            "update outbox_event set published_at = :now where published_at is null and event_id in (:ids)")
                    .setParameter("now", Instant.now()).setParameter("ids", chunk).executeUpdate());
        }
        LOG.infof("outbox: %d pending event(s) were already on their topics (an earlier instance stopped between"
                + " the broker's commit and the database's); marked published, not sent again", marked);
        return marked;
    }

    /** The event ids, among those wanted, that the topics hold from the given times on. */
    private Set<String> readBack(Map<String, Instant> fromByTopic, Set<String> wanted) {
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.readerOutsideAGroup())) {
            Map<TopicPartition, Long> searchFrom = new HashMap<>();
            fromByTopic.forEach((topic, oldest) -> {
                long from = oldest.minus(READ_BACK_MARGIN).toEpochMilli();
                for (PartitionInfo partition : consumer.partitionsFor(topic)) {
                    searchFrom.put(new TopicPartition(topic, partition.partition()), from);
                }
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(searchFrom.keySet());
            Map<TopicPartition, Long> start = new HashMap<>();
            consumer.offsetsForTimes(searchFrom).forEach((partition, offset) -> {
                // No record sent after that time: nothing there to find.
                if (offset != null && offset.offset() < end.get(partition)) {
                    start.put(partition, offset.offset());
                }
            });
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Instant deadline = Instant.now().plus(READ_BACK_LIMIT);
            while (start.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading back the topics took longer than " + READ_BACK_LIMIT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header eventId = record.headers().lastHeader("event-id");
                    if (eventId != null) {
                        String id = new String(eventId.value(), StandardCharsets.UTF_8);
                        if (wanted.contains(id)) {
                            found.add(id);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debugf("outbox: closing the producer: %s", e.getMessage());
            }
            producer = null;
        }
    }

    private static NotPublished notPublished(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof NotPublished notPublished) {
                return notPublished;
            }
        }
        return null;
    }

    /** A batch whose Kafka transaction did not commit; its claim is rolled back. */
    private static final class NotPublished extends RuntimeException {
        final List<Long> ids;

        NotPublished(List<Long> ids, Throwable cause) {
            super(cause);
            this.ids = ids;
        }
    }

    private static String truncate(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Sleeps in short steps, so a shutdown does not wait out a long back-off. */
    private void sleepWhileRunning(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
