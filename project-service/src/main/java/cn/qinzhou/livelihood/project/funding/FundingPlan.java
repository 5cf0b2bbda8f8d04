package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;

import java.math.BigDecimal;

/**
 * A year's planned investment (计划投入) and its split by funding source, in yuan. The split always adds
 * up to the annual plan: requests are checked against that rule before they become a plan.
 */
public record FundingPlan(BigDecimal annualPlan, BigDecimal central, BigDecimal regional, BigDecimal local) {

    public static FundingPlan of(BigDecimal annualPlan, SourceAmounts split) {
        return new FundingPlan(annualPlan, split.central(), split.regional(), split.local());
    }

    public BigDecimal splitSum() {
        return central.add(regional).add(local);
    }

    public boolean splitAddsUp() {
        return splitSum().compareTo(annualPlan) == 0;
    }
}
