package cn.qinzhou.livelihood.rules.calendar;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Gives every service that injects a {@link ReportingCalendar} the one its configuration describes. */
@Dependent
public class ReportingCalendarProducer {

    @Produces
    @Singleton
    ReportingCalendar reportingCalendar(ReportingCalendarConfig config) {
        return ReportingCalendar.of(config);
    }
}
