package cn.qinzhou.livelihood.platform.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import cn.qinzhou.livelihood.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows in id order with an idempotent producer (acks=all) and marks them sent.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances of a service can relay side by
 * side. When Kafka is down the rows stay pending and go out when it returns; a row may then be sent twice,
 * which consumers absorb by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager entityManager;
    private final OutboxMetrics metrics;
    private final String bootstrapServers;
    private final boolean enabled;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Semaphore wakeUp = new Semaphore(0);

    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    public OutboxRelay(EntityManager entityManager, OutboxMetrics metrics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "livelihood.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "livelihood.outbox.relay.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "livelihood.outbox.relay.poll-interval", defaultValue = "PT1S") Duration pollInterval,
                       @ConfigProperty(name = "livelihood.outbox.relay.linger", defaultValue = "PT0.01S") Duration linger) {
        this.entityManager = entityManager;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Fail fast while the broker is away; the rows stay pending and the next pass retries them.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(props);
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
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxAppended appended) {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            try {
                if (wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS) && !linger.isZero()) {
                    // Woken by a commit: wait a moment for the commits right behind it, so that under load one
                    // pass (one transaction, one wait for the broker's acks) carries many rows, not one.
                    TimeUnit.MILLISECONDS.sleep(linger.toMillis());
                }
                wakeUp.drainPermits();
                int sent;
                do {
                    sent = publishBatch();
                } while (running && sent == batchSize);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay pass failed, will retry: %s", e.getMessage());
                sleepQuietly(pollInterval);
            }
        }
    }

    /** Publishes one batch and returns how many rows were marked sent, or -1 when some could not be sent. */
    int publishBatch() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
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
            List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
            for (Object[] row : pending) {
                ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2], (String) row[5]);
                record.headers().add("event-type", ((String) row[3]).getBytes(StandardCharsets.UTF_8));
                record.headers().add("event-id", row[4].toString().getBytes(StandardCharsets.UTF_8));
                new TraceContext((String) row[6], (String) row[7]).addTo(record.headers());
                try {
                    acks.add(producer.send(record));
                } catch (RuntimeException e) {
                    // Typically no metadata within max.block.ms: the broker is away, so don't try the rest.
                    break;
                }
            }
            // Mark the unbroken prefix that was acknowledged, so events of one project keep their order.
            int published = 0;
            String error = null;
            for (; published < pending.size(); published++) {
                try {
                    if (published >= acks.size()) {
                        throw new IllegalStateException("send refused");
                    }
                    acks.get(published).get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    error = truncate(String.valueOf(e.getMessage()));
                    break;
                }
            }
            metrics.afterPass(pending.stream().map(row -> (String) row[1]).toList(), published);
            List<Long> ids = pending.stream().map(row -> ((Number) row[0]).longValue()).toList();
            if (published > 0) {
                entityManager.createNativeQuery("update outbox_event set published_at = :now, attempts = attempts + 1"
                                + " where id in (:ids)")
                        .setParameter("now", Instant.now()).setParameter("ids", ids.subList(0, published)).executeUpdate();
            }
            if (published < pending.size()) {
                entityManager.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = :error"
                                + " where id in (:ids)")
                        .setParameter("error", error).setParameter("ids", ids.subList(published, ids.size())).executeUpdate();
                LOG.warnf("outbox: %d event(s) not delivered yet (%s); retrying", pending.size() - published, error);
                return -1;
            }
            return published;
        });
    }

    /** Rows still waiting; for health and metrics. */
    public long pendingCount() {
        return QuarkusTransaction.joiningExisting().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from outbox_event where published_at is null")
                .getSingleResult()).longValue());
    }

    private static String truncate(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
