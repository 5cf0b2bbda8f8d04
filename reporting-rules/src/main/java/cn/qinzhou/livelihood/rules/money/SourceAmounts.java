package cn.qinzhou.livelihood.rules.money;

import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/**
 * Yuan per funding source (资金来源): CENTRAL 中央, REGIONAL 自治区, LOCAL 市和县区. The planned split of a
 * project's annual plan and the amounts a report gives per source have this shape.
 */
public record SourceAmounts(@NotNull @Yuan BigDecimal central, @NotNull @Yuan BigDecimal regional,
                            @NotNull @Yuan BigDecimal local) {

    public BigDecimal total() {
        return central.add(regional).add(local);
    }
}
