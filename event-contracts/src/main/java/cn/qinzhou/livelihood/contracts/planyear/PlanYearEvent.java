package cn.qinzhou.livelihood.contracts.planyear;

public sealed interface PlanYearEvent {
    int SCHEMA_VERSION = 1;

    PlanYearSnapshot planYear();

    default String type() {
        return getClass().getSimpleName();
    }

    record PlanYearRegistered(PlanYearSnapshot planYear) implements PlanYearEvent {
    }

    record PlanYearChanged(PlanYearSnapshot planYear) implements PlanYearEvent {
    }
}
