package cn.qinzhou.livelihood.contracts.planyear;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.MalformedEventException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plan year (年度实施方案) as every plan-year event carries it after the change: what a consumer needs to judge
 * the reports on its periods.
 *
 * @param documentReference the plan's document number, e.g. 钦政办〔2024〕17号
 * @param firstPeriod       the first reporting period, {@code yyyy-MM}
 * @param lastPeriod        the last one; the windows of two plan years never overlap
 * @param dueDayOfMonth     reports on month M are due by this day of month M+1 (每月5日前)
 * @param dueRule           {@code CALENDAR_DAY} (the day as written) or {@code NEXT_WORKING_DAY} (遇节假日顺延: the
 *                          next working day on or after it, by the working-day calendar)
 */
public record PlanYearSnapshot(int year, String title, String documentReference, String firstPeriod,
                               String lastPeriod, int dueDayOfMonth, String dueRule) {

    /**
     * Reads the plan year of any plan-year event.
     *
     * @throws MalformedEventException when it has no {@code planYear}, or one without its window or due rule
     */
    public static PlanYearSnapshot of(EventEnvelope envelope, ObjectMapper mapper) {
        PlanYearSnapshot snapshot = envelope.payload() == null || !envelope.payload().hasNonNull("planYear") ? null
                : EventEnvelope.readPart(mapper, envelope.payload().get("planYear"), PlanYearSnapshot.class);
        if (snapshot == null || snapshot.firstPeriod() == null || snapshot.lastPeriod() == null
                || snapshot.dueRule() == null) {
            throw new MalformedEventException(envelope.type() + " " + envelope.eventId()
                    + " has no planYear.firstPeriod, planYear.lastPeriod or planYear.dueRule");
        }
        return snapshot;
    }
}
