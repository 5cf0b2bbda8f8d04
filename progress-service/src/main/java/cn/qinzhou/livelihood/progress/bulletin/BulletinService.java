package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.rules.progress.ProgressLag;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.funding.PlanVsActualService;
import cn.qinzhou.livelihood.progress.rates.ReportingStatus;
import cn.qinzhou.livelihood.progress.rates.ReportingStatusService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the bulletin from the same services the rates and totals endpoints use, each given the cut-off,
 * so the bulletin's figures are those endpoints' figures by construction.
 * <p>
 * What is reproduced for a past asOf: which reports had arrived and their timeliness, and which version of
 * each report counted. What is not: the project catalog (expected projects, lead units, current plans) is
 * this service's copy as it stands now, so a project registered, reassigned or cancelled later changes an
 * older bulletin's expected counts and planned amounts.
 */
@ApplicationScoped
public class BulletinService {

    private final ReportingStatusService status;
    private final PlanVsActualService totals;
    private final MovableClock clock;
    private final EntityManager em;
    private final int yellowPoints;
    private final int redPoints;

    public BulletinService(ReportingStatusService status, PlanVsActualService totals, MovableClock clock, EntityManager em,
                           @ConfigProperty(name = "livelihood.alerts.slow-yellow-points",
                                   defaultValue = "" + ProgressLag.DEFAULT_YELLOW_POINTS) int yellowPoints,
                           @ConfigProperty(name = "livelihood.alerts.slow-red-points",
                                   defaultValue = "" + ProgressLag.DEFAULT_RED_POINTS) int redPoints) {
        this.status = status;
        this.totals = totals;
        this.clock = clock;
        this.em = em;
        this.yellowPoints = yellowPoints;
        this.redPoints = redPoints;
    }

    /**
     * @param yearText the plan year asked for, or null for the period's; a year the period is not in is refused
     * @param asOfText an ISO-8601 instant (e.g. 2024-11-06T02:00:00Z), not in the future; null for now
     */
    @Transactional
    public Bulletin bulletin(String periodText, String yearText, String asOfText) {
        Instant now = clock.instant();
        Instant asOf = asOfText == null || asOfText.isBlank() ? now : parse(asOfText);
        if (asOf.isAfter(now)) {
            // Reports may still arrive before a future cut-off: such a bulletin could not be reproduced.
            throw ProblemException.rule("asOf", "progress.as-of.future", now);
        }
        ReportingStatus reporting = status.status(periodText, yearText, null, asOf);
        YearMonth period = YearMonth.parse(reporting.period());
        String year = Integer.toString(reporting.year());
        return new Bulletin(reporting.period(), asOf, reporting.dueAt(), reporting.deadlinePassed(), reporting,
                reporting.deadlinePassed() ? overdue(reporting) : List.of(), lagging(period, reporting.year(), asOf),
                new Bulletin.Funding(totals.totals("programme", period.toString(), year, asOf),
                        totals.totals("source", period.toString(), year, asOf)));
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.rule("asOf", "progress.as-of.format");
        }
    }

    @SuppressWarnings("unchecked")
    private List<Bulletin.OverdueProject> overdue(ReportingStatus reporting) {
        if (reporting.missingProjectIds().isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                        select id, name, lead_unit_id, coalesce(lead_unit_name, '未指定牵头单位')
                        from catalog_project where id in (:ids) order by lead_unit_id nulls last, id""")
                .setParameter("ids", reporting.missingProjectIds()).getResultList();
        return rows.stream().map(r -> new Bulletin.OverdueProject((String) r[0], (String) r[1], (String) r[2],
                (String) r[3], reporting.dueAt())).toList();
    }

    /**
     * Each active project of the plan year: its latest report on or before the period, in its latest version received by asOf,
     * judged by the slow-progress rule against the plan recorded with that version (the plan in force when it
     * was received, which a later adjustment does not rewrite).
     */
    @SuppressWarnings("unchecked")
    private List<Bulletin.LaggingProject> lagging(YearMonth period, int year, Instant asOf) {
        List<Object[]> rows = em.createNativeQuery("""
                        with latest as (
                            select distinct on (r.project_id) r.project_id, r.period, v.progress_percent,
                                   v.completed_investment, v.planned_investment
                            from report r join report_version v on v.report_id = r.id
                            where r.period <= :period and v.received_at <= :asOf
                            order by r.project_id, r.period desc, v.version desc)
                        select p.id, p.name, p.lead_unit_id, coalesce(p.lead_unit_name, '未指定牵头单位'), l.period,
                               l.progress_percent, l.completed_investment, l.planned_investment
                        from catalog_project p join latest l on l.project_id = p.id
                        where p.status <> 'CANCELLED' and p.year = :year
                        order by p.id""")
                .setParameter("period", period.toString())
                .setParameter("year", year)
                .setParameter("asOf", OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC))
                .getResultList();
        List<Bulletin.LaggingProject> lagging = new ArrayList<>();
        for (Object[] r : rows) {
            ProgressLag lag = ProgressLag.judge(YearMonth.parse((String) r[4]), (BigDecimal) r[6], (BigDecimal) r[5],
                    (BigDecimal) r[7], yellowPoints, redPoints);
            if (lag.lagging()) {
                lagging.add(new Bulletin.LaggingProject((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], lag.completionPercent(), lag.elapsedPercent(), lag.behindPoints(),
                        lag.severity().name(), lag.byInvestment() ? "INVESTMENT" : "PROGRESS"));
            }
        }
        lagging.sort(Comparator.comparing(Bulletin.LaggingProject::behindPoints).reversed()
                .thenComparing(Bulletin.LaggingProject::projectId));
        return lagging;
    }
}
