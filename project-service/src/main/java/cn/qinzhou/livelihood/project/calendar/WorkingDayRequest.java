package cn.qinzhou.livelihood.project.calendar;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a date of the calendar is: a holiday, or a weekend day worked, with its name (e.g. 国庆节). */
public record WorkingDayRequest(@NotNull SpecialDayKind kind, @NotBlank @Size(max = 100) String name) {
}
