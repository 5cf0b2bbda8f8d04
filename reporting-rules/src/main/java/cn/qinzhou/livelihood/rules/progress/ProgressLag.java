package cn.qinzhou.livelihood.rules.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;

/**
 * The slow-progress rule (进度滞后), one piece for every service that judges it: how far a project's
 * completion is behind the time-elapsed ratio (时序进度), the share of the year gone by at the end of the
 * reported month.
 * <p>
 * Completion is cumulative completed investment / annual plan, or the physical progress percent when no
 * plan amount is known. The comparison is done in exact arithmetic, so a project exactly 10.00 points
 * behind is YELLOW (with the default thresholds) and one 9.99 behind is not lagging.
 *
 * @param completionPercent completion, 2 decimals
 * @param elapsedPercent    the time-elapsed ratio in percent, 2 decimals
 * @param behindPoints      elapsed - completion, 2 decimals (negative when ahead)
 * @param byInvestment      true when judged on investment against a plan, false on physical progress
 * @param severity          null when not lagging
 */
public record ProgressLag(BigDecimal completionPercent, BigDecimal elapsedPercent, BigDecimal behindPoints,
                          boolean byInvestment, Severity severity) {

    public enum Severity { YELLOW, RED }

    /** The thresholds notification-service raises its alerts at, unless configured otherwise. */
    public static final int DEFAULT_YELLOW_POINTS = 10;
    public static final int DEFAULT_RED_POINTS = 30;

    /**
     * @param plan the annual plan to judge against; null or zero to judge on physical progress
     */
    public static ProgressLag judge(YearMonth period, BigDecimal completedInvestment, BigDecimal progressPercent,
                                    BigDecimal plan, int yellowPoints, int redPoints) {
        BigDecimal days = BigDecimal.valueOf(period.atEndOfMonth().getDayOfYear());
        BigDecimal yearLength = BigDecimal.valueOf(period.lengthOfYear());
        boolean byInvestment = plan != null && plan.signum() > 0;
        // completion = numerator / denominator, in percent
        BigDecimal numerator = byInvestment ? completedInvestment.multiply(BigDecimal.valueOf(100)) : progressPercent;
        BigDecimal denominator = byInvestment ? plan : BigDecimal.ONE;
        // behind * yearLength * denominator, exactly
        BigDecimal scaledBehind = days.multiply(BigDecimal.valueOf(100)).multiply(denominator).subtract(numerator.multiply(yearLength));
        BigDecimal scale = yearLength.multiply(denominator);
        Severity severity = scaledBehind.compareTo(scale.multiply(BigDecimal.valueOf(redPoints))) >= 0 ? Severity.RED
                : scaledBehind.compareTo(scale.multiply(BigDecimal.valueOf(yellowPoints))) >= 0 ? Severity.YELLOW
                : null;
        return new ProgressLag(numerator.divide(denominator, 2, RoundingMode.HALF_UP),
                days.multiply(BigDecimal.valueOf(100)).divide(yearLength, 2, RoundingMode.HALF_UP),
                scaledBehind.divide(scale, 2, RoundingMode.HALF_UP), byInvestment, severity);
    }

    public boolean lagging() {
        return severity != null;
    }
}
