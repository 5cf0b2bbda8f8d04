package cn.qinzhou.livelihood.platform.inbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import cn.qinzhou.livelihood.platform.tracing.ConsumerSpans;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's Kafka consumers. Each record is applied exactly once in effect: the handler's changes
 * and the {@link ProcessedEvent} row commit together, and offsets are committed only after that, so a crash
 * replays at most what is then skipped as already processed. A record that can never be applied goes to
 * the group's dead-letter topic with the reason in headers and consumption goes on; while the database is
 * unreachable the record is retried without moving on, so nothing is skipped.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    private static final int ATTEMPTS_BEFORE_DEAD_LETTER = 5;
    /** Records of one partition applied in one transaction on the fast path. */
    private static final int CHUNK = 50;
    /**
     * Records a run's events as processed and returns the ones that were not yet: a replayed or redelivered event,
     * or a second copy inside the run, conflicts with its row and is left out. One statement instead of a read and an
     * insert; the rows commit with the handler's changes or roll back with them. Another instance applying the same
     * events at the same time (a rebalance's overlap) waits here for this one's commit, then finds them processed.
     */
    private static final String CLAIM = """
            insert into processed_event (consumer_group, event_id, event_type, processed_at)
            select :group, cast(e.id as uuid), e.type, :at from jsonb_to_recordset(cast(:events as jsonb)) as e(id text, type text)
            on conflict do nothing
            returning cast(event_id as text)""";

    private final ObjectMapper objectMapper;
    private final ConsumerMetrics metrics;
    private final ConsumerSpans spans;
    private final KafkaClientSettings kafka;
    private final Duration maxRestartBackOff;
    private final Duration deadLetterAckWait;
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private KafkaProducer<String, String> deadLetterProducer;

    public EventConsumers(ObjectMapper objectMapper, ConsumerMetrics metrics, ConsumerSpans spans,
                          KafkaClientSettings kafka,
                          @ConfigProperty(name = "livelihood.inbox.max-restart-back-off", defaultValue = "PT15S") Duration maxRestartBackOff,
                          @ConfigProperty(name = "livelihood.inbox.dead-letter-ack-wait", defaultValue = "PT30S") Duration deadLetterAckWait) {
        this.objectMapper = objectMapper;
        this.metrics = metrics;
        this.spans = spans;
        this.kafka = kafka;
        this.maxRestartBackOff = maxRestartBackOff;
        this.deadLetterAckWait = deadLetterAckWait;
    }

    /** Starts a consumer thread for the group; call from a startup observer. */
    public synchronized void start(String consumerGroup, List<String> topics, EventHandler handler) {
        if (deadLetterProducer == null) {
            Properties props = kafka.properties();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // Bounded below the 30 s the loop waits for a dead letter's ack by default, so a broker that is away fails the
            // publish (the record is read again later) instead of blocking the loop for a minute.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            deadLetterProducer = new KafkaProducer<>(props);
        }
        Loop loop = new Loop(consumerGroup, topics, handler);
        loops.add(loop);
        loop.thread.start();
    }

    /** True while every started consumer thread is alive; for the readiness check. */
    public boolean allRunning() {
        return loops.stream().allMatch(loop -> loop.thread.isAlive());
    }

    /**
     * What each consumer loop is doing, for the readiness check: whether it has joined its group, when it last
     * polled, and, while it restarts after a failure, why.
     */
    public List<ConsumerStatus> status() {
        return loops.stream().map(Loop::status).toList();
    }

    /**
     * @param joined      the loop's consumer has joined its group since it was (re)created
     * @param sinceLastPoll how long ago a poll last returned
     * @param failure     why the loop is restarting, or null while it runs
     */
    public record ConsumerStatus(String group, boolean alive, boolean joined, Duration sinceLastPoll, String failure,
                                 int restarts) {
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(Loop::stop);
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
        }
    }

    private final class Loop {
        final String group;
        final List<String> topics;
        final EventHandler handler;
        final Thread thread;
        volatile boolean running = true;
        /** The current consumer: a loop that failed replaces it with a fresh one. */
        volatile KafkaConsumer<String, String> consumer;
        volatile boolean joined;
        volatile long lastPoll = System.nanoTime();
        volatile String failure;
        volatile int restarts;
        /** Failures since the last round that went through; only the loop's thread uses it. */
        int failures;

        Loop(String group, List<String> topics, EventHandler handler) {
            this.group = group;
            this.topics = topics;
            this.handler = handler;
            this.thread = new Thread(this::run, "consumer-" + group);
            this.thread.setDaemon(true);
        }

        private KafkaConsumer<String, String> newConsumer() {
            Properties props = kafka.properties();
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, kafka.instanceName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            // Records of transactions the producer aborted (a relay's batch that timed out and was sent again)
            // must never be applied: see event-contracts' README.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            // An offset commit the broker does not answer fails after 15 s (not 60) and the loop starts over.
            props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            // A crashed instance's partitions wait for its session to expire before anyone takes them, unless it comes
            // back under its instance id first: 10 s (Kafka's default is 45 s, during which nothing of those partitions
            // is applied). Heartbeats come from the client's own thread, every 3 s, so a busy handler does not end the
            // session.
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            return new KafkaConsumer<>(props);
        }

        ConsumerStatus status() {
            return new ConsumerStatus(group, thread.isAlive(), joined, Duration.ofNanos(System.nanoTime() - lastPoll),
                    failure, restarts);
        }

        void stop() {
            running = false;
            KafkaConsumer<String, String> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Consumes until shutdown. Whatever ends a consumer (an offset commit the broker did not answer, a
         * rebalance that took the partitions away mid-batch, a handler's error) closes it and, after a back-off,
         * starts a fresh one, which resumes at the last committed offsets: nothing is skipped and what was
         * already applied is skipped by event id.
         */
        private void run() {
            while (running) {
                try {
                    consume();
                    return;
                } catch (WakeupException e) {
                    if (!running) {
                        return;
                    }
                    restartAfter(e);
                } catch (RuntimeException | LinkageError | StackOverflowError e) {
                    restartAfter(e);
                }
            }
        }

        private void restartAfter(Throwable e) {
            int attempt = ++failures;
            long millis = Math.min(maxRestartBackOff.toMillis(), 500L << Math.min(attempt - 1, 10));
            failure = e.getClass().getSimpleName() + ": " + rootCause(e).getMessage();
            restarts++;
            LOG.errorf(e, "consumer %s failed, restarting in %d ms (attempt %d)", group, millis, attempt);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && System.nanoTime() < until) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }

        private void consume() {
            KafkaConsumer<String, String> current = newConsumer();
            consumer = current;
            joined = false;
            try {
                current.subscribe(topics, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // Called after every completed rebalance, with no partitions too: the group was joined.
                        joined = true;
                    }
                });
                while (running) {
                    ConsumerRecords<String, String> records = current.poll(Duration.ofMillis(500));
                    lastPoll = System.nanoTime();
                    metrics.lag(group, current);
                    if (!records.isEmpty()) {
                        processBatch(records);
                    }
                    if (joined) {
                        // A round went through in the group: the back-off starts small again.
                        failures = 0;
                        failure = null;
                    }
                }
            } finally {
                joined = false;
                try {
                    // A static member stays in its group when it closes unless told otherwise: leaving hands its
                    // partitions to the other instances now, not when its session times out.
                    current.close(CloseOptions.timeout(Duration.ofSeconds(5))
                            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                } catch (RuntimeException e) {
                    LOG.debugf("consumer %s: closing: %s", group, e.getMessage());
                }
            }
        }

        private void processBatch(ConsumerRecords<String, String> records) {
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, String>> inPartition = records.records(partition);
                for (int from = 0; from < inPartition.size(); from += CHUNK) {
                    List<ConsumerRecord<String, String>> chunk = inPartition.subList(from, Math.min(from + CHUNK, inPartition.size()));
                    if (!running) {
                        commit(done);
                        return;
                    }
                    if (applyChunk(chunk)) {
                        done.put(partition, new OffsetAndMetadata(chunk.get(chunk.size() - 1).offset() + 1));
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : chunk) {
                        if (!running) {
                            commit(done);
                            return;
                        }
                        if (!processWithRetry(record)) {
                            // Database unreachable and we are stopping or backing off: resume at this record.
                            commit(done);
                            rewind(records, done);
                            return;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
            }
            commit(done);
        }

        /**
         * The fast path: a run of readable records applied in one transaction (one commit instead of one per
         * record). Any failure rolls the whole run back and returns false, and the records then go one by one
         * through {@link #processWithRetry}, which retries, waits for the database or dead-letters each on its own.
         */
        private boolean applyChunk(List<ConsumerRecord<String, String>> chunk) {
            if (chunk.size() < 2) {
                return false;
            }
            List<EventEnvelope> envelopes = new ArrayList<>(chunk.size());
            for (ConsumerRecord<String, String> record : chunk) {
                try {
                    envelopes.add(readEnvelope(record));
                } catch (Exception e) {
                    return false;
                }
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Set<UUID> claimed = claim(envelopes);
                    List<EventEnvelope> fresh = new ArrayList<>(claimed.size());
                    List<ConsumerRecord<String, String>> freshRecords = new ArrayList<>(claimed.size());
                    for (int i = 0; i < envelopes.size(); i++) {
                        // Removed once taken, so a second copy inside the run is a duplicate too.
                        if (claimed.remove(envelopes.get(i).eventId())) {
                            fresh.add(envelopes.get(i));
                            freshRecords.add(chunk.get(i));
                        } else {
                            metrics.duplicate(group);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return;
                    }
                    handler.beforeRun(fresh);
                    for (int i = 0; i < fresh.size(); i++) {
                        try (ConsumerSpans.Applying span = spans.applying(group, freshRecords.get(i))) {
                            apply(fresh.get(i));
                        }
                    }
                    handler.afterRun();
                });
                return true;
            } catch (RuntimeException e) {
                LOG.debugf("consumer %s: a run of %d events failed together (%s); applying them one by one", group,
                        chunk.size(), rootCause(e).getMessage());
                return false;
            }
        }

        private EventEnvelope readEnvelope(ConsumerRecord<String, String> record) throws IOException {
            EventEnvelope envelope = objectMapper.readerFor(EventEnvelope.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(record.value());
            if (envelope.eventId() == null || envelope.type() == null || envelope.payload() == null) {
                throw new PoisonEventException("envelope lacks eventId, type or payload");
            }
            return envelope;
        }

        /** @return false when the record could not be applied and must be read again later */
        private boolean processWithRetry(ConsumerRecord<String, String> record) {
            EventEnvelope envelope;
            try {
                envelope = readEnvelope(record);
            } catch (Exception e) {
                return deadLetterOrWait(record, "unreadable envelope: " + e.getMessage(), 1);
            }
            for (int attempt = 1; ; attempt++) {
                try (ConsumerSpans.Applying span = spans.applying(group, record)) {
                    applyOnce(envelope);
                    return true;
                } catch (RuntimeException e) {
                    Throwable cause = rootCause(e);
                    if (isPoison(e)) {
                        return deadLetterOrWait(record, cause.getClass().getSimpleName() + ": " + cause.getMessage(), attempt);
                    }
                    if (!isInfrastructureFailure(e) && attempt >= ATTEMPTS_BEFORE_DEAD_LETTER) {
                        return deadLetterOrWait(record, "failed " + attempt + " times: " + cause.getClass().getSimpleName()
                                + ": " + cause.getMessage(), attempt);
                    }
                    LOG.warnf("consumer %s: event %s failed (attempt %d), retrying: %s", group,
                            envelope.eventId(), attempt, cause.getMessage());
                    if (!backOff(attempt)) {
                        return false;
                    }
                }
            }
        }

        /**
         * Parks the record on the dead-letter topic; if even that fails (the broker is away), the record must
         * not be skipped: back off and have it read again.
         */
        private boolean deadLetterOrWait(ConsumerRecord<String, String> record, String reason, int attempt) {
            try {
                deadLetter(record, reason);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("consumer %s: %s", group, e.getMessage());
                backOff(attempt);
                return false;
            }
        }

        /** One event in a transaction of its own; a replayed or duplicated event changes nothing. */
        private void applyOnce(EventEnvelope envelope) {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!claim(List.of(envelope)).isEmpty()) {
                    handler.beforeRun(List.of(envelope));
                    apply(envelope);
                    handler.afterRun();
                } else {
                    metrics.duplicate(group);
                }
            });
        }

        /** The handler's effects, in the caller's transaction. */
        private void apply(EventEnvelope envelope) {
            handler.handle(envelope);
            metrics.applied(group);
        }

        /**
         * Records the events as processed in the caller's transaction ({@link #CLAIM}) and returns the ids of those
         * not processed before: the ones to apply.
         */
        private Set<UUID> claim(List<EventEnvelope> envelopes) {
            List<Map<String, String>> rows = new ArrayList<>(envelopes.size());
            for (EventEnvelope envelope : envelopes) {
                rows.add(Map.of("id", envelope.eventId().toString(), "type", envelope.type()));
            }
            try {
                @SuppressWarnings("unchecked")
                List<String> claimed = ProcessedEvent.getEntityManager().createNativeQuery(CLAIM)
                        .setParameter("group", group)
                        .setParameter("events", objectMapper.writeValueAsString(rows))
                        .setParameter("at", Instant.now())
                        .getResultList();
                Set<UUID> ids = new HashSet<>(claimed.size() * 2);
                for (String id : claimed) {
                    ids.add(UUID.fromString(id));
                }
                return ids;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private boolean backOff(int attempt) {
            long millis = Math.min(5_000, 200L * (1L << Math.min(attempt, 5)));
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return running;
        }

        private void deadLetter(ConsumerRecord<String, String> record, String reason) {
            String dlt = Topics.deadLetterOf(record.topic(), group);
            LOG.warnf("consumer %s: sending %s-%d@%d to %s: %s", group, record.topic(), record.partition(),
                    record.offset(), dlt, reason);
            ProducerRecord<String, String> out = new ProducerRecord<>(dlt, record.key(), record.value());
            out.headers().add("dlt-reason", reason.getBytes(StandardCharsets.UTF_8));
            out.headers().add("dlt-original-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            out.headers().add("dlt-original-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            out.headers().add("dlt-original-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            out.headers().add("dlt-consumer-group", group.getBytes(StandardCharsets.UTF_8));
            try {
                deadLetterProducer.send(out).get(deadLetterAckWait.toMillis(), TimeUnit.MILLISECONDS);
                metrics.deadLettered(group, record.topic());
            } catch (Exception e) {
                // Without the dead letter safely stored the record must not be skipped.
                throw new IllegalStateException("dead-letter publish failed for " + record.topic() + "@" + record.offset(), e);
            }
        }

        private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }

        private void rewind(ConsumerRecords<String, String> records, Map<TopicPartition, OffsetAndMetadata> done) {
            for (TopicPartition partition : records.partitions()) {
                OffsetAndMetadata committed = done.get(partition);
                long offset = committed != null ? committed.offset() : records.records(partition).get(0).offset();
                consumer.seek(partition, offset);
            }
        }
    }

    private static boolean isPoison(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException || t instanceof com.fasterxml.jackson.core.JsonProcessingException
                    || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /** The database (or its pool) is unreachable: wait for it rather than dead-lettering good events. */
    static boolean isInfrastructureFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
