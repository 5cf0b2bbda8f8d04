package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.project.funding.SplitRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
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
        @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal annualPlan,
        @Valid SplitRequest split,
        @NotBlank @Size(max = 2000) String reason) {
}
