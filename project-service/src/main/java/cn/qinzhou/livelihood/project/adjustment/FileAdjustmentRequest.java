package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.rules.money.Yuan;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * For CHANGE_PLAN, annualPlan and split are the revised plan; for CANCEL they must be absent.
 * Who requested it is taken from the bearer token, never from the body.
 */
public record FileAdjustmentRequest(
        @NotNull AdjustmentKind kind,
        @Yuan BigDecimal annualPlan,
        @Valid SourceAmounts split,
        @NotBlank @Size(max = 2000) String reason) {
}
