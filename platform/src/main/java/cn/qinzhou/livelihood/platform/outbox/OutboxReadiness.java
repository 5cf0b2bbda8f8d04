package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Not ready while the oldest unpublished outbox row is older than {@code livelihood.outbox.max-age-ready}
 * (events are not reaching the topic: broker away, relay failing), or while this instance's relay thread has
 * ended. The age is measured on the service's clock, the one that stamped the row.
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements HealthCheck {

    private final OutboxRelay relay;
    private final EntityManager entityManager;
    private final MovableClock clock;
    private final Duration maxAge;

    public OutboxReadiness(OutboxRelay relay, EntityManager entityManager, MovableClock clock,
                           @ConfigProperty(name = "livelihood.outbox.max-age-ready", defaultValue = "PT2M") Duration maxAge) {
        this.relay = relay;
        this.entityManager = entityManager;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Outbox relay").up();
        if (relay.enabled()) {
            response.withData("transactionalId", relay.transactionalId());
        }
        String error = relay.lastError();
        Instant failingSince = relay.failingSince();
        if (error != null) {
            response.withData("lastError", error);
        }
        if (failingSince != null) {
            response.withData("failingSince", failingSince.toString());
        }
        if (relay.enabled() && !relay.workerAlive()) {
            return response.down().withData("reason", "the relay's thread has ended").build();
        }
        Duration age;
        long pending;
        try {
            OutboxBacklog backlog = QuarkusTransaction.requiringNew().timeout(10).call(() -> OutboxBacklog.read(entityManager));
            pending = backlog.pending();
            age = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), clock.instant());
        } catch (RuntimeException e) {
            return response.down().withData("reason", "the outbox cannot be read: " + e.getMessage()).build();
        }
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        response.withData("pending", pending).withData("oldestPendingSeconds", age.toSeconds());
        if (age.compareTo(maxAge) > 0) {
            response.down().withData("reason", "the oldest unpublished event is " + age.toSeconds() + " s old (threshold "
                    + maxAge.toSeconds() + " s): events are not reaching Kafka"
                    + (error != null ? " (" + error + ")" : ""));
        }
        return response.build();
    }
}
