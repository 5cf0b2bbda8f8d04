package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.progress.planyear.PlanYearChoice;
import cn.qinzhou.livelihood.progress.reporting.ReportCutoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * Set-based: one query per request, whatever the number of projects. Only the projects of one plan year count
 * (a carried-over project's figures are cumulated since it began, so two years summed would count them twice);
 * cancelled projects are left out.
 */
@ApplicationScoped
public class PlanVsActualService {

    /**
     * Each active project of :year, its plan by source beside its latest report on or before :period, in the latest version
     * received up to :asOf (null: every version), so a bulletin asked again for the same cut-off shows the same.
     */
    private static final String BASE = """
            with latest as (
                select distinct on (r.project_id) r.project_id, v.completed_central, v.completed_regional,
                       v.completed_local, v.received_central, v.received_regional, v.received_local
                from report r join report_version v on v.report_id = r.id
                where r.period <= :period and v.received_at <= :asOf
                order by r.project_id, r.period desc, v.version desc),
            facts as (
                select p.id, p.programme_id, p.programme_name, p.category, p.lead_unit_id, p.lead_unit_name,
                       s.source, s.planned, s.completed, s.received, l.project_id is not null as reporting
                from catalog_project p
                left join latest l on l.project_id = p.id
                cross join lateral (values
                    ('CENTRAL', p.central_amount, l.completed_central, l.received_central),
                    ('REGIONAL', p.regional_amount, l.completed_regional, l.received_regional),
                    ('LOCAL', p.local_amount, l.completed_local, l.received_local)) s(source, planned, completed, received)
                where p.status <> 'CANCELLED' and p.year = :year)
            """;

    private final EntityManager em;
    private final PlanYearChoice planYears;

    public PlanVsActualService(EntityManager em, PlanYearChoice planYears) {
        this.em = em;
        this.planYears = planYears;
    }

    @Transactional
    public PlanVsActual totals(String groupBy, String periodText, String yearText) {
        return totals(groupBy, periodText, yearText, null);
    }

    /**
     * @param periodText the month whose end the figures are at; null for the plan year's last
     * @param yearText   the plan year; null for the period's, or without a period the year under way (PlanYearChoice)
     * @param asOf       count only report versions received up to this instant; null for all
     */
    @Transactional
    public PlanVsActual totals(String groupBy, String periodText, String yearText, Instant asOf) {
        YearMonth asked = periodText == null ? null : ReportingCalendar.parsePeriod(periodText);
        ReportingCalendar calendar = planYears.of(yearText, asked);
        YearMonth period = asked == null ? calendar.last() : asked;
        Scope scope = new Scope(calendar.planYear(), asOf);
        String key;
        String label;
        switch (groupBy) {
            case "programme" -> {
                key = "cast(programme_id as text)";
                label = "max(programme_name)";
            }
            case "category" -> {
                key = "category";
                label = "case category when 'REGION_ALIGNED' then '对应自治区项目' else '钦州市自选项目' end";
            }
            case "source" -> {
                key = "source";
                label = "case source when 'CENTRAL' then '中央财政补助' when 'REGIONAL' then '自治区财政补助' else '市和县区投入' end";
            }
            case "lead-unit" -> {
                key = "lead_unit_id";
                label = "coalesce(max(lead_unit_name), '未指定牵头单位')";
            }
            case "month" -> {
                return byMonth(calendar, period, scope);
            }
            default -> throw ProblemException.rule("groupBy", "progress.group-by");
        }
        // Sources in the document's order (central, region, city and counties); the rest by key.
        String order = groupBy.equals("source") ? "min(case source when 'CENTRAL' then 1 when 'REGIONAL' then 2 else 3 end)" : key;
        List<PlanVsActual.Row> groups = rows(BASE + "select " + key + ", " + label + ", " + SUMS
                + " from facts group by " + key + " order by " + order + " nulls last", period, scope);
        return new PlanVsActual(period.toString(), calendar.planYear(), groupBy, groups, total(period, scope));
    }

    private static final String SUMS = """
            coalesce(sum(planned), 0), coalesce(sum(completed), 0), coalesce(sum(received), 0),
            count(distinct id), count(distinct case when reporting then id end)""";

    /** The plan year whose projects count, and the cut-off report versions count up to (null: all). */
    private record Scope(int year, Instant asOf) {
    }

    private PlanVsActual.Row total(YearMonth period, Scope scope) {
        return rows(BASE + "select null, '合计', " + SUMS + " from facts", period, scope).get(0);
    }

    /** Cumulative completed and received at the end of each month of the plan year up to the period. */
    private PlanVsActual byMonth(ReportingCalendar calendar, YearMonth period, Scope scope) {
        List<PlanVsActual.Row> groups = calendar.periodsUpTo(period).stream()
                .map(month -> {
                    PlanVsActual.Row row = total(month, scope);
                    return new PlanVsActual.Row(month.toString(), month.toString(), row.planned(), row.completed(),
                            row.received(), row.completionRate(), row.projects(), row.reporting());
                })
                .toList();
        return new PlanVsActual(period.toString(), calendar.planYear(), "month", groups, total(period, scope));
    }

    @SuppressWarnings("unchecked")
    private List<PlanVsActual.Row> rows(String sql, YearMonth period, Scope scope) {
        List<Object[]> rows = em.createNativeQuery(sql).setParameter("period", period.toString())
                .setParameter("year", scope.year())
                .setParameter("asOf", ReportCutoff.receivedBy(scope.asOf()))
                .getResultList();
        return rows.stream().map(r -> {
            BigDecimal planned = (BigDecimal) r[2];
            BigDecimal completed = (BigDecimal) r[3];
            return new PlanVsActual.Row((String) r[0], (String) r[1], planned, completed, (BigDecimal) r[4],
                    planned.signum() == 0 ? null : completed.divide(planned, 4, RoundingMode.HALF_UP),
                    ((Number) r[5]).longValue(), ((Number) r[6]).longValue());
        }).toList();
    }
}
