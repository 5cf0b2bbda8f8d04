package cn.qinzhou.livelihood.progress.rates;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.planyear.PlanYearChoice;
import cn.qinzhou.livelihood.progress.reporting.ReportCutoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One grouped query per period: the expected projects (those of the period's plan year) left-joined to its reports. */
@ApplicationScoped
public class ReportingStatusService {

    private final EntityManager em;
    private final PlanYearChoice planYears;
    private final MovableClock clock;

    public ReportingStatusService(EntityManager em, PlanYearChoice planYears, MovableClock clock) {
        this.em = em;
        this.planYears = planYears;
        this.clock = clock;
    }

    @Transactional
    public ReportingStatus status(String periodText, String yearText, String unitScope) {
        return status(periodText, yearText, unitScope, null);
    }

    /**
     * @param yearText the plan year asked for, or null for the period's; a year the period is not in is refused
     * @param asOf count only reports first received up to this instant (timeliness is the first submission's,
     *             so a later correction changes nothing here); null for now, with every report
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public ReportingStatus status(String periodText, String yearText, String unitScope, Instant asOf) {
        YearMonth period = ReportingCalendar.parsePeriod(periodText);
        // No report is expected outside the plan years' periods: counting them all as missing would mislead a bulletin.
        ReportingCalendar calendar = planYears.of(yearText, period);
        List<Object[]> rows = em.createNativeQuery("""
                        select p.id, coalesce(cast(p.programme_id as text), ''), coalesce(p.programme_name, ''),
                               coalesce(p.lead_unit_id, ''), coalesce(p.lead_unit_name, '未指定牵头单位'), r.timeliness
                        from catalog_project p
                        left join report r on r.project_id = p.id and r.period = :period
                             and r.first_received_at <= :asOf
                        where p.status <> 'CANCELLED' and p.year = :year
                          and (cast(:unit as text) is null or p.lead_unit_id = :unit)
                        order by p.id""")
                .setParameter("period", period.toString())
                .setParameter("year", calendar.planYear())
                .setParameter("unit", unitScope)
                .setParameter("asOf", ReportCutoff.receivedBy(asOf))
                .getResultList();
        Tally overall = new Tally();
        Map<String, Tally> programmes = new LinkedHashMap<>();
        Map<String, Tally> units = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Object[] r : rows) {
            String timeliness = (String) r[5];
            overall.add(timeliness);
            programmes.computeIfAbsent("programme:" + r[1], k -> new Tally()).add(timeliness);
            units.computeIfAbsent("unit:" + r[3], k -> new Tally()).add(timeliness);
            labels.put("programme:" + r[1], (String) r[2]);
            labels.put("unit:" + r[3], (String) r[4]);
            if (timeliness == null) {
                missing.add((String) r[0]);
            }
        }
        Instant dueAt = calendar.dueAt(period);
        Instant at = asOf == null ? clock.instant() : asOf;
        return new ReportingStatus(period.toString(), calendar.planYear(), dueAt, at.isAfter(dueAt), overall.counts(),
                groups(programmes, labels, "programme:"), groups(units, labels, "unit:"), missing);
    }

    private static List<ReportingStatus.Group> groups(Map<String, Tally> tallies, Map<String, String> labels, String prefix) {
        return tallies.entrySet().stream()
                .map(e -> new ReportingStatus.Group(emptyToNull(e.getKey().substring(prefix.length())),
                        labels.get(e.getKey()), e.getValue().counts()))
                .toList();
    }

    private static String emptyToNull(String key) {
        return key.isEmpty() ? null : key;
    }

    private static final class Tally {
        long expected;
        long onTime;
        long late;

        void add(String timeliness) {
            expected++;
            if ("ON_TIME".equals(timeliness)) {
                onTime++;
            } else if ("LATE".equals(timeliness)) {
                late++;
            }
        }

        ReportingStatus.Counts counts() {
            long received = onTime + late;
            return new ReportingStatus.Counts(expected, received, onTime, late, expected - received,
                    rate(received, expected), rate(onTime, expected));
        }

        private static BigDecimal rate(long part, long whole) {
            return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
        }
    }
}
