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
            violations.add(new Problem.Violation(prefix + "split",
                    "central + regional + local must add up to annualPlan " + plan.annualPlan().toPlainString()
                            + ", but add up to " + plan.splitSum().toPlainString()));
        }
        if (totalInvestment != null && plan.annualPlan().compareTo(totalInvestment) > 0) {
            violations.add(new Problem.Violation(prefix + "annualPlan",
                    "must not exceed totalInvestment " + totalInvestment.toPlainString()));
        }
        return violations;
    }

    private FundingRules() {
    }
}
