package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The outbox as an operator watches it (names in platform/README.md, "Operating"): how many rows wait and how old the
 * oldest is, and what the relay published or failed to publish, per topic. The backlog is read by one count over the
 * partial index of pending rows every {@code livelihood.metrics.refresh-interval}, off the scrape: a scrape then costs
 * nothing, and an unreachable database does not hold it up.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String ERRORS = "Events a relay pass tried but could not publish (they stay pending and are retried)";

    private final MeterRegistry registry;
    private final EntityManager entityManager;
    private final MovableClock clock;
    private final Duration refreshInterval;
    private final ConcurrentMap<String, Counter> published = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

    private volatile double pending = Double.NaN;
    /** created_at of the oldest pending row; null when none is pending. */
    private volatile Instant oldestPending;
    private volatile boolean backlogKnown;
    private ScheduledExecutorService refresher;

    public OutboxMetrics(MeterRegistry registry, EntityManager entityManager, MovableClock clock,
                         @ConfigProperty(name = "livelihood.metrics.refresh-interval", defaultValue = "5s") Duration refreshInterval) {
        this.registry = registry;
        this.entityManager = entityManager;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("livelihood.outbox.pending", this, m -> m.pending)
                .description("Outbox rows not yet published to Kafka")
                .register(registry);
        Gauge.builder("livelihood.outbox.oldest.pending.age", this, OutboxMetrics::oldestPendingAgeSeconds)
                .description("Age of the oldest unpublished outbox row (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /**
     * After a relay pass: of the rows it tried (their topics, in order), the first {@code sent} were acknowledged
     * by the broker and the rest were not.
     */
    public void afterPass(List<String> topicsTried, int sent) {
        for (String topic : topicsTried) {
            // Both series exist from a topic's first pass, so "no errors" reads 0 rather than "no data".
            counter(errors, "livelihood.outbox.publish.errors", ERRORS, topic);
        }
        for (int i = 0; i < topicsTried.size(); i++) {
            (i < sent ? counter(published, "livelihood.outbox.published", "Events the relay published (acknowledged by the broker)", topicsTried.get(i))
                    : counter(errors, "livelihood.outbox.publish.errors", ERRORS, topicsTried.get(i)))
                    .increment();
        }
    }

    private Counter counter(ConcurrentMap<String, Counter> counters, String name, String description, String topic) {
        return counters.computeIfAbsent(topic, t -> Counter.builder(name).description(description).tag("topic", t).register(registry));
    }

    private double oldestPendingAgeSeconds() {
        if (!backlogKnown) {
            return Double.NaN;
        }
        Instant oldest = oldestPending;
        // The rows are stamped by the service's clock, so their age is measured on it too (a demo stack moves it).
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    void refresh() {
        try {
            OutboxBacklog backlog = QuarkusTransaction.requiringNew().call(() -> OutboxBacklog.read(entityManager));
            pending = backlog.pending();
            oldestPending = backlog.oldest();
            backlogKnown = true;
        } catch (RuntimeException e) {
            // No number rather than a stale one: a gap in the graph says the backlog is unknown.
            pending = Double.NaN;
            backlogKnown = false;
            LOG.debugf("outbox backlog unknown: %s", e.getMessage());
        }
    }
}
