package cn.qinzhou.livelihood.contracts.calendar;

import java.time.LocalDate;

public record SpecialDay(LocalDate date, String kind, String name) {
}
