package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes plan-year events to the outbox, in the caller's transaction, keyed by the year. */
@ApplicationScoped
public class PlanYearEvents {

    private final Outbox outbox;

    public PlanYearEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(PlanYearEvent event) {
        outbox.append(Topics.PLAN_YEAR_EVENTS, String.valueOf(event.planYear().year()), event.type(),
                PlanYearEvent.SCHEMA_VERSION, event);
    }

    public static PlanYearSnapshot snapshot(PlanYear year) {
        return new PlanYearSnapshot(year.year, year.title, year.documentReference, year.firstPeriod, year.lastPeriod,
                year.dueDayOfMonth, year.dueRule.name());
    }
}
