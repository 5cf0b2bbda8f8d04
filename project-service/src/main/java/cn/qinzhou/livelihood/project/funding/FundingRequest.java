package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.rules.money.Yuan;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/** A project's money as a client sends it: total investment (总投资), the year's plan, and its split. */
public record FundingRequest(
        @NotNull @Yuan BigDecimal totalInvestment,
        @NotNull @Yuan BigDecimal annualPlan,
        @NotNull @Valid SourceAmounts split) {

    public FundingPlan toPlan() {
        return FundingPlan.of(annualPlan, split);
    }
}
