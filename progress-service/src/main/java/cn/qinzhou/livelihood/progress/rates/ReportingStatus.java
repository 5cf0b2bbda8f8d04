package cn.qinzhou.livelihood.progress.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Who has reported on a period, among the projects of its plan year ({@code year}). Rates are shares of the expected reports (active projects), 4 decimals:
 * reportingRate = received / expected, onTimeRate = onTime / expected (报送率, 按时报送率).
 */
public record ReportingStatus(String period, int year, Instant dueAt, boolean deadlinePassed, Counts overall,
                              List<Group> byProgramme, List<Group> byLeadUnit, List<String> missingProjectIds) {

    public record Counts(long expected, long received, long onTime, long late, long missing,
                         BigDecimal reportingRate, BigDecimal onTimeRate) {
    }

    public record Group(String key, String label, Counts counts) {
    }
}
