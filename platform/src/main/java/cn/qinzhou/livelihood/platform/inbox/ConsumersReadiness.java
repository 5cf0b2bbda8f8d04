package cn.qinzhou.livelihood.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Not ready while a consumer group of this instance is not consuming: its loop restarts after a failure, its
 * consumer has not joined the group yet, or it has not polled for longer than
 * {@code livelihood.inbox.max-poll-gap-ready} (stuck on a batch, e.g. waiting for the database). Readiness, not
 * liveness: a restart of the service would not bring the broker or the database back.
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final EventConsumers consumers;
    private final Duration maxPollGap;

    public ConsumersReadiness(EventConsumers consumers,
                              @ConfigProperty(name = "livelihood.inbox.max-poll-gap-ready", defaultValue = "PT1M") Duration maxPollGap) {
        this.consumers = consumers;
        this.maxPollGap = maxPollGap;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka consumers").up();
        String reason = null;
        for (EventConsumers.ConsumerStatus status : consumers.status()) {
            String problem = problem(status);
            response.withData(status.group(), problem == null ? "consuming" : problem);
            if (status.restarts() > 0) {
                response.withData(status.group() + ".restarts", status.restarts());
            }
            if (problem != null && reason == null) {
                reason = "consumer group " + status.group() + " is not consuming: " + problem;
            }
        }
        if (reason != null) {
            response.down().withData("reason", reason);
        }
        return response.build();
    }

    private String problem(EventConsumers.ConsumerStatus status) {
        if (!status.alive()) {
            return "its thread has ended";
        }
        if (status.failure() != null) {
            return "restarting after " + status.failure();
        }
        if (!status.joined()) {
            return "not in its consumer group yet";
        }
        if (status.sinceLastPoll().compareTo(maxPollGap) > 0) {
            return "no poll for " + status.sinceLastPoll().toSeconds() + " s (threshold " + maxPollGap.toSeconds() + " s)";
        }
        return null;
    }
}
