package cn.qinzhou.livelihood.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumers as an operator watches them (names in platform/README.md, "Operating"): records applied, skipped as
 * duplicates and dead-lettered per consumer group, and the lag of every assigned partition.
 * <p>
 * Applied and duplicate records are decided inside the transaction that records them, and a run that fails is rolled
 * back and applied again one by one; so they are counted only when that transaction commits, each record once.
 */
@ApplicationScoped
public class ConsumerMetrics {

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Map<TopicPartition, Lag>> lags = new ConcurrentHashMap<>();
    private final Object pendingKey = new Object();

    public ConsumerMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.registry = registry;
        this.transactions = transactions;
    }

    /** An event applied in the current transaction; counted when it commits. */
    public void applied(String group) {
        pendingOf(group).applied++;
    }

    /** An event skipped in the current transaction because the group had already applied it; counted when it commits. */
    public void duplicate(String group) {
        pendingOf(group).duplicates++;
    }

    /** A record parked on the group's dead-letter topic (after the dead letter was acknowledged). */
    public void deadLettered(String group, String topic) {
        deadLetters(group, topic).increment();
    }

    private Counter deadLetters(String group, String topic) {
        return counter("livelihood.consumer.records.dead.lettered", "Records sent to the group's dead-letter topic",
                Tags.of("group", group, "topic", topic));
    }

    private void applied(String group, long count) {
        counter("livelihood.consumer.records.applied", "Events applied by the group (committed with their effects)",
                Tags.of("group", group)).increment(count);
    }

    private void duplicates(String group, long count) {
        counter("livelihood.consumer.records.duplicates", "Events skipped because the group had already applied them",
                Tags.of("group", group)).increment(count);
    }

    /**
     * The lag of each partition assigned to the group's consumer, as the consumer knows it from its last fetch: records
     * between its position and the partition's end. Call from the poll loop: a Kafka consumer is not thread-safe.
     */
    public void lag(String group, Consumer<?, ?> consumer) {
        Map<TopicPartition, Lag> ofGroup = lags.computeIfAbsent(group, g -> new HashMap<>());
        Set<TopicPartition> assigned = consumer.assignment();
        // The group's counters exist from its first poll, so "none dead-lettered" reads 0 rather than "no data".
        applied(group, 0);
        duplicates(group, 0);
        for (TopicPartition partition : assigned) {
            deadLetters(group, partition.topic());
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                ofGroup.computeIfAbsent(partition, p -> new Lag(group, p)).value.set(lag.getAsLong());
            }
        }
        // A partition moved to another instance is that instance's to report; a stale value here would double it.
        ofGroup.entrySet().removeIf(entry -> {
            if (!assigned.contains(entry.getKey())) {
                registry.remove(entry.getValue().gauge);
                return true;
            }
            return false;
        });
    }

    private final class Lag {
        final AtomicLong value = new AtomicLong();
        final Gauge gauge;

        Lag(String group, TopicPartition partition) {
            gauge = Gauge.builder("livelihood.consumer.lag", value, AtomicLong::doubleValue)
                    .description("Records in the partition not yet consumed by the group")
                    .tags("group", group, "topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                    .register(registry);
        }
    }

    private Pending pendingOf(String group) {
        Pending pending = (Pending) transactions.getResource(pendingKey);
        if (pending == null) {
            pending = new Pending(group);
            transactions.putResource(pendingKey, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    private Counter counter(String name, String description, Tags tags) {
        return counters.computeIfAbsent(name + tags, key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** What one transaction decided, counted after it commits. */
    private final class Pending implements Synchronization {
        final String group;
        long applied;
        long duplicates;

        Pending(String group) {
            this.group = group;
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            ConsumerMetrics.this.applied(group, applied);
            ConsumerMetrics.this.duplicates(group, duplicates);
        }
    }
}
