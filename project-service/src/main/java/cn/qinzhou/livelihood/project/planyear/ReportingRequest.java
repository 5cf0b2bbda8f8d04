package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.rules.calendar.DueRule;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.YearMonth;

/**
 * A plan year's reporting window and deadline. The due day stops at 28 so that it exists in every month.
 */
public record ReportingRequest(
        @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.RULE) String firstPeriod,
        @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.RULE) String lastPeriod,
        @NotNull @Min(1) @Max(28) Integer dueDayOfMonth,
        @NotNull DueRule dueRule) {

    ReportingWindow window() {
        return new ReportingWindow(YearMonth.parse(firstPeriod), YearMonth.parse(lastPeriod), dueDayOfMonth, dueRule);
    }
}
