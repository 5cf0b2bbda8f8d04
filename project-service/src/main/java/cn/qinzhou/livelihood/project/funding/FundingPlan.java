package cn.qinzhou.livelihood.project.funding;

import java.math.BigDecimal;

/**
 * A year's planned investment (计划投入) and its split by funding source, in yuan. The split always adds
 * up to the annual plan: requests are checked against that rule before they become a plan.
 */
public record FundingPlan(BigDecimal annualPlan, BigDecimal central, BigDecimal regional, BigDecimal local) {

    public BigDecimal splitSum() {
        return central.add(regional).add(local);
    }

    public boolean splitAddsUp() {
        return splitSum().compareTo(annualPlan) == 0;
    }
}
