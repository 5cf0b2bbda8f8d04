package cn.qinzhou.livelihood.progress.reporting;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/** Yuan per funding source: CENTRAL 中央, REGIONAL 自治区, LOCAL 市和县区. */
public record SourceAmounts(
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal central,
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal regional,
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 14, fraction = 2, message = "must be yuan with at most 2 decimals and 14 integer digits")
        BigDecimal local) {

    public BigDecimal total() {
        return central.add(regional).add(local);
    }
}
