package cn.qinzhou.livelihood.project.funding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.List;

/** Set-based sums in the database: one query per grouping, whatever the number of projects. */
@ApplicationScoped
public class FundingTotalsService {

    private static final String ACTIVE = "p.status <> 'CANCELLED'";

    private final EntityManager em;

    public FundingTotalsService(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public FundingTotals totals(int year, FundingGrouping grouping) {
        List<FundingTotals.Group> groups = switch (grouping) {
            case PROGRAMME -> rows("""
                    select cast(pr.id as text), pr.name, pr.document_annual_plan,
                           coalesce(sum(p.annual_plan), 0), pr.document_region_aligned_count + pr.document_city_selected_count,
                           count(p.id), count(p.annual_plan)
                    from programme pr left join project p on p.programme_id = pr.id and %s
                    where pr.year = :year group by pr.id order by pr.id""".formatted(ACTIVE), year);
            case CATEGORY -> rows("""
                    select c.category, case c.category when 'REGION_ALIGNED' then '对应自治区项目' else '钦州市自选项目' end,
                           c.document_plan, coalesce(sum(p.annual_plan), 0), c.document_count,
                           count(p.id), count(p.annual_plan)
                    from (select 'REGION_ALIGNED' as category, sum(document_region_aligned_plan) as document_plan,
                                 cast(sum(document_region_aligned_count) as integer) as document_count
                          from programme where year = :year
                          union all
                          select 'CITY_SELECTED', sum(document_city_selected_plan),
                                 cast(sum(document_city_selected_count) as integer)
                          from programme where year = :year) c
                    left join project p on p.category = c.category and p.year = :year and %s
                    group by c.category, c.document_plan, c.document_count
                    order by c.category desc""".formatted(ACTIVE), year);
            case SOURCE -> rows("""
                    select f.source, case f.source when 'CENTRAL' then '中央财政补助'
                                                   when 'REGIONAL' then '自治区财政补助' else '市和县区投入' end,
                           f.document_annual_plan,
                           coalesce(sum(case f.source when 'CENTRAL' then p.central_amount
                                                      when 'REGIONAL' then p.regional_amount
                                                      else p.local_amount end), 0),
                           cast(null as integer), count(p.id), count(p.annual_plan)
                    from funding_source_figure f
                    left join project p on p.year = f.year and %s
                    where f.year = :year
                    group by f.source, f.document_annual_plan
                    order by case f.source when 'CENTRAL' then 1 when 'REGIONAL' then 2 else 3 end""".formatted(ACTIVE), year);
            case LEAD_UNIT -> rows("""
                    select coalesce(p.lead_unit_id, ''), coalesce(lu.name, '未指定牵头单位 (no lead unit yet)'),
                           cast(null as numeric), coalesce(sum(p.annual_plan), 0), cast(null as integer),
                           count(p.id), count(p.annual_plan)
                    from project p left join lead_unit lu on lu.id = p.lead_unit_id
                    where p.year = :year and %s
                    group by p.lead_unit_id, lu.name
                    order by p.lead_unit_id nulls last""".formatted(ACTIVE), year);
        };
        return new FundingTotals(year, grouping.parameter, groups, total(year));
    }

    private FundingTotals.Total total(int year) {
        Object[] r = (Object[]) em.createNativeQuery("""
                select y.document_annual_plan,
                       (select sum(document_annual_plan) from programme where year = y.year),
                       y.document_total_investment,
                       (select coalesce(sum(annual_plan), 0) from project p where p.year = y.year and %1$s),
                       (select coalesce(sum(total_investment), 0) from project p where p.year = y.year and %1$s),
                       y.document_project_count,
                       (select count(*) from project p where p.year = y.year and %1$s),
                       (select count(annual_plan) from project p where p.year = y.year and %1$s)
                from plan_year y where y.year = :year""".formatted(ACTIVE))
                .setParameter("year", year).getSingleResult();
        BigDecimal documentPlan = (BigDecimal) r[0];
        BigDecimal programmeSum = (BigDecimal) r[1];
        BigDecimal registered = (BigDecimal) r[3];
        return new FundingTotals.Total(documentPlan, programmeSum, documentPlan.subtract(programmeSum),
                (BigDecimal) r[2], registered, (BigDecimal) r[4], documentPlan.subtract(registered),
                ((Number) r[5]).intValue(), ((Number) r[6]).longValue(), ((Number) r[7]).longValue());
    }

    @SuppressWarnings("unchecked")
    private List<FundingTotals.Group> rows(String sql, int year) {
        List<Object[]> rows = em.createNativeQuery(sql).setParameter("year", year).getResultList();
        return rows.stream().map(r -> {
            BigDecimal document = (BigDecimal) r[2];
            BigDecimal registered = (BigDecimal) r[3];
            return new FundingTotals.Group(emptyToNull((String) r[0]), (String) r[1], document, registered,
                    document == null ? null : document.subtract(registered),
                    r[4] == null ? null : ((Number) r[4]).intValue(),
                    ((Number) r[5]).longValue(), ((Number) r[6]).longValue());
        }).toList();
    }

    private static String emptyToNull(String key) {
        return key == null || key.isEmpty() ? null : key;
    }
}
