package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;

/**
 * Which alerts a stream subscriber sees: one lead unit's (a lead unit's token, always), one plan year's periods
 * (its {@code ?year=}), or both. Subscribers of the same scope share one encoding of each run of changes.
 *
 * @param leadUnitId  null: every unit
 * @param firstPeriod with {@code lastPeriod}, the plan year's reporting window; null: every period
 */
record FeedScope(String leadUnitId, String firstPeriod, String lastPeriod) {

    /** Null, the unscoped stream, when neither narrows it. */
    static FeedScope of(String leadUnitId, ReportingCalendar planYear) {
        if (leadUnitId == null && planYear == null) {
            return null;
        }
        return planYear == null ? new FeedScope(leadUnitId, null, null)
                : new FeedScope(leadUnitId, planYear.first().toString(), planYear.last().toString());
    }

    boolean includes(AlertService.FeedEntry entry) {
        return (leadUnitId == null || leadUnitId.equals(entry.leadUnitId()))
                && (firstPeriod == null || entry.period().compareTo(firstPeriod) >= 0 && entry.period().compareTo(lastPeriod) <= 0);
    }

    /** The SQL condition on alert {@code a} (parameters {@code unit}, {@code firstPeriod}, {@code lastPeriod}). */
    String condition() {
        String unit = leadUnitId == null ? "" : " and a.lead_unit_id = :unit";
        // yyyy-MM compares as text in month order.
        String period = firstPeriod == null ? "" : " and a.period between :firstPeriod and :lastPeriod";
        return unit + period;
    }

    void bind(jakarta.persistence.Query query) {
        if (leadUnitId != null) {
            query.setParameter("unit", leadUnitId);
        }
        if (firstPeriod != null) {
            query.setParameter("firstPeriod", firstPeriod).setParameter("lastPeriod", lastPeriod);
        }
    }
}
