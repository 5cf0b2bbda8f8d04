package cn.qinzhou.livelihood.project.funding;

import java.math.BigDecimal;
import java.util.List;

/**
 * Planned funding for dashboards, set beside the document's figures. Amounts in yuan; cancelled projects
 * are left out of the registered sums.
 *
 * @param groups one row per programme, category, funding source or lead unit
 * @param total  the whole plan: the document's 65.03 亿元, the 65.00 its programme figures add up to, and
 *               what the registered projects add up to
 */
public record FundingTotals(int year, String groupBy, List<Group> groups, Total total) {

    /**
     * @param documentFigure the document's amount for the group, null where it gives none (lead units)
     * @param unallocated    documentFigure - registeredPlan: money the document plans that no project carries yet
     */
    public record Group(String key, String label, BigDecimal documentFigure, BigDecimal registeredPlan,
                        BigDecimal unallocated, Integer documentProjectCount, long projectCount,
                        long projectsWithPlan) {
    }

    /**
     * @param roundingGap documentAnnualPlan - documentProgrammeSum: the document's own rounding (65.03 vs 65.00)
     */
    public record Total(BigDecimal documentAnnualPlan, BigDecimal documentProgrammeSum, BigDecimal roundingGap,
                        BigDecimal documentTotalInvestment, BigDecimal registeredPlan,
                        BigDecimal registeredTotalInvestment, BigDecimal unallocated, int documentProjectCount,
                        long projectCount, long projectsWithPlan) {
    }
}
