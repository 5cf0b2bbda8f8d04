package cn.qinzhou.livelihood.progress.reporting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code livelihood_reports_received{period,timeliness}}: the reports stored per period, on time or late (judged once,
 * on the first submission; corrections do not add any). Read from the database, not counted in memory, so it is the
 * same on every replica and after a restart; one grouped count every {@code livelihood.metrics.refresh-interval}.
 */
@ApplicationScoped
public class ReportMetrics {

    private static final Logger LOG = Logger.getLogger(ReportMetrics.class);

    private final MeterRegistry registry;
    private final EntityManager em;
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    public ReportMetrics(MeterRegistry registry, EntityManager em) {
        this.registry = registry;
        this.em = em;
    }

    @Scheduled(every = "${livelihood.metrics.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<Object[]> rows;
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> read = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select period, timeliness, count(*) from report group by period, timeliness").getResultList());
            rows = read;
        } catch (RuntimeException e) {
            LOG.debugf("report counts unknown: %s", e.getMessage());
            return;
        }
        for (Object[] row : rows) {
            String period = (String) row[0];
            String timeliness = (String) row[1];
            String key = period + "/" + timeliness;
            if (counts.put(key, ((Number) row[2]).longValue()) == null) {
                Gauge.builder("livelihood.reports.received", counts, c -> c.getOrDefault(key, 0L))
                        .description("Reports stored for the period, by timeliness of the first submission")
                        .tags("period", period, "timeliness", timeliness)
                        .register(registry);
            }
        }
    }
}
