package cn.qinzhou.livelihood.platform.retention;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.idempotency.IdempotentRequests;
import cn.qinzhou.livelihood.platform.time.MovableClock;
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
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the bookkeeping rows that only grow: outbox rows already published, the event ids a consumer group
 * applied, and Idempotency-Key answers past their 24 hours. "Now" is the service's {@link MovableClock}.
 *
 * <p>Processed event ids are what makes a replay harmless, so they are kept longer than the time-retained topics
 * keep records ({@link Topics#TIME_RETENTION_MS}): a group whose offsets were lost or reset re-reads at most that
 * window, and every event in it is still recognised. A setting below that is refused at start. The compacted
 * project topic keeps the newest event of each project for ever; re-applying such an event after its id was
 * purged writes the same snapshot again (consumers keep a project's copy by its newest {@code occurredAt}), so
 * it changes nothing either.
 *
 * <p>Each batch is a statement of its own transaction ({@code delete ... where id in (select ... limit n)}),
 * so a first purge of millions of rows holds no lock for long and the relay and consumers go on beside it.
 * Several replicas may purge at once: rows another one is deleting are skipped, not waited for.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** What one purge deleted. */
    public record Result(long outboxEvents, long processedEvents, long idempotentRequests) {
        public long total() {
            return outboxEvents + processedEvents + idempotentRequests;
        }
    }

    private final EntityManager em;
    private final MovableClock clock;
    private final boolean enabled;
    private final Duration every;
    private final Duration outboxKept;
    private final Duration processedEventsKept;
    private final int batchSize;
    private ScheduledExecutorService scheduler;

    public RetentionPurge(EntityManager em, MovableClock clock,
                          @ConfigProperty(name = "livelihood.retention.purge.enabled", defaultValue = "true") boolean enabled,
                          @ConfigProperty(name = "livelihood.retention.purge.every", defaultValue = "PT1H") Duration every,
                          @ConfigProperty(name = "livelihood.retention.outbox-kept", defaultValue = "P7D") Duration outboxKept,
                          @ConfigProperty(name = "livelihood.retention.processed-events-kept", defaultValue = "P35D") Duration processedEventsKept,
                          @ConfigProperty(name = "livelihood.retention.purge.batch-size", defaultValue = "10000") int batchSize) {
        if (processedEventsKept.toMillis() < Topics.TIME_RETENTION_MS) {
            throw new IllegalArgumentException("livelihood.retention.processed-events-kept is " + processedEventsKept
                    + ", shorter than the topics keep records (" + Duration.ofMillis(Topics.TIME_RETENTION_MS)
                    + "): a replay within the topics' retention would apply events again");
        }
        if (batchSize < 1 || outboxKept.isNegative()) {
            throw new IllegalArgumentException("livelihood.retention.purge.batch-size must be positive and outbox-kept not negative");
        }
        this.em = em;
        this.clock = clock;
        this.enabled = enabled;
        this.every = every;
        this.outboxKept = outboxKept;
        this.processedEventsKept = processedEventsKept;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention-purge");
            thread.setDaemon(true);
            return thread;
        });
        // The first run waits a whole period: a start is busy enough, and nothing is urgent here.
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** One purge as of the clock's now; returns what it deleted. */
    public Result purge() {
        Instant now = clock.instant();
        long outbox = deleteInBatches("""
                delete from outbox_event where id in (
                  select id from outbox_event where published_at < :cutoff
                  order by published_at limit :batch for update skip locked)""", now.minus(outboxKept));
        long processed = deleteInBatches("""
                delete from processed_event where (consumer_group, event_id) in (
                  select consumer_group, event_id from processed_event where processed_at < :cutoff
                  order by processed_at limit :batch for update skip locked)""", now.minus(processedEventsKept));
        long idempotent = deleteInBatches("""
                delete from idempotent_request where (caller, idempotency_key) in (
                  select caller, idempotency_key from idempotent_request where reserved_at < :cutoff
                  order by reserved_at limit :batch for update skip locked)""", now.minus(IdempotentRequests.KEPT));
        Result result = new Result(outbox, processed, idempotent);
        if (result.total() > 0) {
            LOG.infof("retention purge as of %s: %d published outbox row(s), %d processed event id(s), "
                    + "%d idempotency key(s) deleted", now, outbox, processed, idempotent);
        }
        return result;
    }

    private long deleteInBatches(String statement, Instant cutoff) {
        long deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().timeout(120).call(() -> em.createNativeQuery(statement)
                    .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                    .setParameter("batch", batchSize)
                    .executeUpdate());
            deleted += batch;
        } while (batch == batchSize);
        return deleted;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The database may be away; the rows wait for the next run, nothing is lost by waiting.
            LOG.warnf("retention purge failed, retrying at the next run: %s", e.getMessage());
        }
    }
}
