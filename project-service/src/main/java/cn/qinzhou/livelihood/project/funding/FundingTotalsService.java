package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.project.planyear.RegistryRevision;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.List;

/**
 * Sums over {@code funding_rollup}, which triggers keep equal to the sums over the non-cancelled projects
 * (migration V3): a few hundred rows to read whatever the number of projects. Totals are computed once per
 * {@linkplain RegistryRevision registry revision}: while nothing they read changes, a request reads the revision only.
 */
@ApplicationScoped
public class FundingTotalsService {

    private final EntityManager em;
    private final RegistryRevision registry;
    private final ObjectMapper json;

    public FundingTotalsService(EntityManager em, RegistryRevision registry, ObjectMapper json) {
        this.em = em;
        this.registry = registry;
        this.json = json;
    }

    /** The totals and their JSON, written once per revision: the JSON is what most requests take. */
    public record Answer(FundingTotals totals, byte[] json) {
    }

    /** The totals as of the revision, read before (see {@link RegistryRevision#at}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Answer answer(int year, FundingGrouping grouping, long revision) {
        return registry.at(revision, new Key(year, grouping), () -> {
            FundingTotals totals = totals(year, grouping);
            try {
                return new Answer(totals, json.writeValueAsBytes(totals));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private record Key(int year, FundingGrouping grouping) {
    }

    /** Reads only, so no transaction to begin and commit (under READ COMMITTED one gave each statement its own snapshot anyway). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public FundingTotals totals(int year, FundingGrouping grouping) {
        List<FundingTotals.Group> groups = switch (grouping) {
            case PROGRAMME -> rows("""
                    select cast(pr.id as text), pr.name, pr.document_annual_plan,
                           coalesce(sum(r.annual_plan), 0), pr.document_region_aligned_count + pr.document_city_selected_count,
                           coalesce(sum(r.projects), 0), coalesce(sum(r.projects_with_plan), 0)
                    from programme pr left join funding_rollup r on r.programme_id = pr.id and r.year = pr.year
                    where pr.year = :year group by pr.id order by pr.id""", year);
            case CATEGORY -> rows("""
                    select c.category, case c.category when 'REGION_ALIGNED' then '对应自治区项目' else '钦州市自选项目' end,
                           c.document_plan, coalesce(sum(r.annual_plan), 0), c.document_count,
                           coalesce(sum(r.projects), 0), coalesce(sum(r.projects_with_plan), 0)
                    from (select 'REGION_ALIGNED' as category, sum(document_region_aligned_plan) as document_plan,
                                 cast(sum(document_region_aligned_count) as integer) as document_count
                          from programme where year = :year
                          union all
                          select 'CITY_SELECTED', sum(document_city_selected_plan),
                                 cast(sum(document_city_selected_count) as integer)
                          from programme where year = :year) c
                    left join funding_rollup r on r.category = c.category and r.year = :year
                    group by c.category, c.document_plan, c.document_count
                    order by c.category desc""", year);
            case SOURCE -> rows("""
                    select f.source, case f.source when 'CENTRAL' then '中央财政补助'
                                                   when 'REGIONAL' then '自治区财政补助' else '市和县区投入' end,
                           f.document_annual_plan,
                           coalesce(sum(case f.source when 'CENTRAL' then r.central_amount
                                                      when 'REGIONAL' then r.regional_amount
                                                      else r.local_amount end), 0),
                           cast(null as integer), coalesce(sum(r.projects), 0), coalesce(sum(r.projects_with_plan), 0)
                    from funding_source_figure f
                    left join funding_rollup r on r.year = f.year
                    where f.year = :year
                    group by f.source, f.document_annual_plan
                    order by case f.source when 'CENTRAL' then 1 when 'REGIONAL' then 2 else 3 end""", year);
            case LEAD_UNIT -> rows("""
                    select r.lead_unit_id, coalesce(lu.name, '未指定牵头单位 (no lead unit yet)'),
                           cast(null as numeric), sum(r.annual_plan), cast(null as integer),
                           sum(r.projects), sum(r.projects_with_plan)
                    from funding_rollup r left join lead_unit lu on lu.id = r.lead_unit_id
                    where r.year = :year
                    group by r.lead_unit_id, lu.name
                    having sum(r.projects) > 0
                    order by nullif(r.lead_unit_id, '') nulls last""", year);
        };
        return new FundingTotals(year, grouping.parameter, groups, total(year));
    }

    private FundingTotals.Total total(int year) {
        Object[] r = (Object[]) em.createNativeQuery("""
                select y.document_annual_plan,
                       (select sum(document_annual_plan) from programme where year = y.year),
                       y.document_total_investment,
                       coalesce(s.plan, 0), coalesce(s.investment, 0),
                       y.document_project_count, coalesce(s.projects, 0), coalesce(s.with_plan, 0)
                from plan_year y
                cross join (select sum(annual_plan) as plan, sum(total_investment) as investment,
                                   sum(projects) as projects, sum(projects_with_plan) as with_plan
                            from funding_rollup where year = :year) s
                where y.year = :year""")
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
