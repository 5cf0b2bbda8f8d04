package cn.qinzhou.livelihood.contracts.planyear;

public record PlanYearSnapshot(int year, String title, String documentReference, String firstPeriod, String lastPeriod,
                               int dueDayOfMonth, String dueRule) {
}
