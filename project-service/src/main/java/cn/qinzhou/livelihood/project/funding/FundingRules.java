package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.problem.Problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The rules a project's money must keep, wherever it comes from (API, adjustment, CSV import). */
public final class FundingRules {

    /**
     * @param prefix field path prefix for the violations ("" for a JSON body, "rows[3]." for an import row)
     */
    public static List<Problem.Violation> check(String prefix, BigDecimal totalInvestment, FundingPlan plan) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (!plan.splitAddsUp()) {
            violations.add(Problem.Violation.of(prefix + "split", "project.split.sum",
                    plan.annualPlan().toPlainString(), plan.splitSum().toPlainString()));
        }
        if (totalInvestment != null && plan.annualPlan().compareTo(totalInvestment) > 0) {
            violations.add(Problem.Violation.of(prefix + "annualPlan", "project.plan.over-total",
                    totalInvestment.toPlainString()));
        }
        return violations;
    }

    private FundingRules() {
    }
}
