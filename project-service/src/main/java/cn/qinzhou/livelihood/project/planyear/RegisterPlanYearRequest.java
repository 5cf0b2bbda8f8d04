package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.rules.money.Yuan;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * A new plan year as its document (实施方案) states it: the whole plan's figures, the split of its money by funding
 * source, its programmes with their figures, and the reporting window. Figures are kept as written, so a
 * document that rounds (programmes adding up to less than its total) is shown, not corrected.
 */
public record RegisterPlanYearRequest(
        @NotNull @Min(2000) @Max(2100) Integer year,
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 100) String documentReference,
        @NotNull @Yuan BigDecimal totalInvestment,
        @NotNull @Yuan BigDecimal annualPlan,
        @NotNull @Min(0) @Max(100_000) Integer projectCount,
        @NotNull @Valid SourceAmounts split,
        @NotNull @Size(min = 1, max = 99) List<@NotNull @Valid ProgrammeFigures> programmes,
        @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.RULE) String firstPeriod,
        @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.RULE) String lastPeriod,
        @NotNull @Min(1) @Max(28) Integer dueDayOfMonth,
        @NotNull DueRule dueRule) {

    /** A programme (惠民工程) with the document's plan for it and per category (对应自治区项目 / 钦州市自选项目). */
    public record ProgrammeFigures(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 100) String nameEn,
            @NotNull @Yuan BigDecimal annualPlan,
            @NotNull @Valid CategoryFigures regionAligned,
            @NotNull @Valid CategoryFigures citySelected) {
    }

    public record CategoryFigures(@NotNull @Min(0) @Max(100_000) Integer projectCount,
                                  @NotNull @Yuan BigDecimal annualPlan) {
    }

    ReportingRequest reporting() {
        return new ReportingRequest(firstPeriod, lastPeriod, dueDayOfMonth, dueRule);
    }
}
