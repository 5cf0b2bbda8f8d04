package cn.qinzhou.livelihood.project.funding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/** A project's money as a client sends it: total investment (总投资), the year's plan, and its split. */
public record FundingRequest(
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal totalInvestment,
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal annualPlan,
        @NotNull @Valid SplitRequest split) {

    public FundingPlan toPlan() {
        return new FundingPlan(annualPlan, split.central(), split.regional(), split.local());
    }
}
