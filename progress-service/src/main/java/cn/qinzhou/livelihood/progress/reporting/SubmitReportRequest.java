package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import cn.qinzhou.livelihood.rules.money.Yuan;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a lead unit reports on a project for a month: the state at the month's end. Timeliness, versions
 * and received-at are the service's to set and cannot be sent.
 *
 * @param completed        cumulative completed investment by source (累计完成投资); its sum is the total
 * @param completedInvestment optional: the total as the unit states it; when sent it must equal the sum of
 *                         {@code completed}, so a typo in one of the two is caught instead of silently stored
 * @param fundsReceived    cumulative funds received by source (资金到位)
 * @param correctionReason required to correct a report already sent, or to report less than the month before
 */
public record SubmitReportRequest(
        @NotNull @DecimalMin("0") @DecimalMax("100")
        @Digits(integer = 3, fraction = 2, message = "{progress.percent.digits}")
        BigDecimal progressPercent,
        @NotNull @Valid SourceAmounts completed,
        @Yuan BigDecimal completedInvestment,
        @NotNull @Valid SourceAmounts fundsReceived,
        @PositiveOrZero Long beneficiaries,
        @Size(max = 500) String beneficiaryDescription,
        @NotBlank @Size(max = 5000) String progressNarrative,
        @Size(max = 50) List<@NotBlank @Size(max = 500) String> difficulties,
        @Size(max = 5000) String typicalCases,
        @NotBlank @Size(max = 50) String submittedBy,
        @NotBlank @Size(max = 100) String contact,
        @Size(max = 2000) String correctionReason) {
}
