package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Plan years seeded by Flyway (2024) never passed through the API, so nothing announced them. On start, each
 * unannounced year gets its PlanYearRegistered event, committed with the flag that says so: exactly once,
 * however often the service restarts. Runs before the seeded projects are announced (their observer has the
 * default priority), so a consumer learns a year before its projects.
 */
@ApplicationScoped
public class PlanYearAnnouncer {

    private static final Logger LOG = Logger.getLogger(PlanYearAnnouncer.class);

    private final PlanYearEvents events;

    public PlanYearAnnouncer(PlanYearEvents events) {
        this.events = events;
    }

    @Transactional
    void announceSeededPlanYears(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent startup) {
        // In SQL, not HQL: translating an HQL query here was the query parser's first use, about a tenth of a
        // second of every restart, though a restart finds nothing left to announce.
        @SuppressWarnings("unchecked")
        List<PlanYear> unannounced = PlanYear.getEntityManager()
                .createNativeQuery("select * from plan_year where not announced order by year", PlanYear.class)
                .getResultList();
        for (PlanYear year : unannounced) {
            events.publish(new PlanYearEvent.PlanYearRegistered(PlanYearEvents.snapshot(year)));
            year.announced = true;
        }
        if (!unannounced.isEmpty()) {
            LOG.infof("announced %d seeded plan year(s) on %s", unannounced.size(), "livelihood.plan-year.events");
        }
    }
}
