package cn.qinzhou.livelihood.progress.funding;

import java.math.BigDecimal;
import java.util.List;

/**
 * Planned against completed and received investment of a plan year's projects ({@code year}) as of the end of a
 * period, for dashboards. Completed
 * and received are cumulative: each project's latest report on or before the period counts.
 * completionRate = completed / planned, 4 decimals, null where nothing is planned.
 */
public record PlanVsActual(String period, int year, String groupBy, List<Row> groups, Row total) {

    public record Row(String key, String label, BigDecimal planned, BigDecimal completed, BigDecimal received,
                      BigDecimal completionRate, long projects, long reporting) {
    }
}
