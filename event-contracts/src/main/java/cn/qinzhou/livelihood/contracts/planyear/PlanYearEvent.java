package cn.qinzhou.livelihood.contracts.planyear;

/**
 * The payloads published on {@code livelihood.plan-year.events} (schema version {@value #SCHEMA_VERSION}), keyed
 * by the year, each carrying the plan year as it stands after the change. The envelope's type is the record's
 * simple name.
 */
public sealed interface PlanYearEvent {

    int SCHEMA_VERSION = 1;

    PlanYearSnapshot planYear();

    /** The envelope's {@code type}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** A new plan year; the seeded one is announced once when project-service first starts. */
    record PlanYearRegistered(PlanYearSnapshot planYear) implements PlanYearEvent {
    }

    /** Its reporting window or due rule changed. */
    record PlanYearChanged(PlanYearSnapshot planYear) implements PlanYearEvent {
    }
}
