package cn.qinzhou.livelihood.project.funding;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/** The planned amounts per funding source, in yuan. */
public record SplitRequest(
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal central,
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal regional,
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal local) {
}
