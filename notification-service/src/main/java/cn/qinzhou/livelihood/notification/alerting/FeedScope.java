package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;

import java.sql.PreparedStatement;
import java.sql.SQLException;

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

    /** The SQL condition on alert {@code a}, its parameters bound by {@link #bind}: the unit, then the window. */
    String condition() {
        String unit = leadUnitId == null ? "" : " and a.lead_unit_id = ?";
        // yyyy-MM compares as text in month order.
        String period = firstPeriod == null ? "" : " and a.period between ? and ?";
        return unit + period;
    }

    /** Binds {@link #condition}'s parameters from {@code index} on; gives the index after them. */
    int bind(PreparedStatement query, int index) throws SQLException {
        if (leadUnitId != null) {
            query.setString(index++, leadUnitId);
        }
        if (firstPeriod != null) {
            query.setString(index++, firstPeriod);
            query.setString(index++, lastPeriod);
        }
        return index;
    }
}
