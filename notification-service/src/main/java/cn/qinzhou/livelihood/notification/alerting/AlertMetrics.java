package cn.qinzhou.livelihood.notification.alerting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code livelihood_alerts_open{rule,severity}}: the alerts in state OPEN, as {@code GET /alerts?state=OPEN} lists
 * them. One grouped count (over the index on state, rule, period) every {@code livelihood.metrics.refresh-interval},
 * not one per scrape; every rule and severity has a series, zero included, so a panel shows a rule going quiet.
 */
@ApplicationScoped
public class AlertMetrics {

    private static final Logger LOG = Logger.getLogger(AlertMetrics.class);

    private final MeterRegistry registry;
    private final EntityManager em;
    /** Counts by "RULE/SEVERITY"; null until the first read (the gauges then show no number rather than a false 0). */
    private volatile Map<String, Long> open;

    public AlertMetrics(MeterRegistry registry, EntityManager em) {
        this.registry = registry;
        this.em = em;
    }

    void register(@Observes StartupEvent event) {
        for (Alert.Rule rule : Alert.Rule.values()) {
            for (Alert.Severity severity : Alert.Severity.values()) {
                String key = rule + "/" + severity;
                Gauge.builder("livelihood.alerts.open", this, m -> m.open == null ? Double.NaN : m.open.getOrDefault(key, 0L))
                        .description("Alerts in state OPEN (not yet acknowledged or resolved)")
                        .tags("rule", rule.name(), "severity", severity.name())
                        .register(registry);
            }
        }
    }

    @Scheduled(every = "${livelihood.metrics.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select rule, severity, count(*) from alert where state = 'OPEN' group by rule, severity").getResultList());
            Map<String, Long> counts = new HashMap<>();
            for (Object[] row : rows) {
                counts.put(row[0] + "/" + row[1], ((Number) row[2]).longValue());
            }
            open = counts;
        } catch (RuntimeException e) {
            open = null;
            LOG.debugf("open alerts unknown: %s", e.getMessage());
        }
    }
}
