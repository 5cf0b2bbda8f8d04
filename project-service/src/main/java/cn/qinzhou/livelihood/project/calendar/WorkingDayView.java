package cn.qinzhou.livelihood.project.calendar;

import java.time.Instant;
import java.time.LocalDate;

public record WorkingDayView(LocalDate date, SpecialDayKind kind, String name, Instant updatedAt, String updatedBy) {

    static WorkingDayView of(WorkingDay day) {
        return new WorkingDayView(day.date, day.kind, day.name, day.updatedAt, day.updatedBy);
    }
}
