package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.WorkingDays;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;

/** When a change is due to its subscriber: at once, after the quiet hours, or at the next digest. */
@ApplicationScoped
public class DeliverySchedule {

    private final PlanCalendarView calendars;

    public DeliverySchedule(PlanCalendarView calendars) {
        this.calendars = calendars;
    }

    /** @param state PENDING (sent from dueAt) or AWAITING_DIGEST (carried by the digest at dueAt) */
    public record Due(Delivery.State state, Instant dueAt) {
    }

    /** Urgent changes go at once whatever the mode and the hour: a RED alert waiting for tomorrow's digest helps no one. */
    public Due of(Subscription subscription, boolean urgent, Instant now) {
        if (urgent) {
            return new Due(Delivery.State.PENDING, now);
        }
        if (subscription.mode == Subscription.Mode.DIGEST) {
            return new Due(Delivery.State.AWAITING_DIGEST, nextDigest(subscription.digestTime, now));
        }
        return new Due(Delivery.State.PENDING, afterQuietHours(subscription.quietFrom, subscription.quietUntil, now));
    }

    /** The first working day's digest time (Asia/Shanghai) after now, by the published working-day calendar. */
    Instant nextDigest(LocalTime at, Instant now) {
        ZonedDateTime local = now.atZone(MovableClock.ZONE);
        LocalDate day = local.toLocalTime().isBefore(at) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        for (int i = 0; i < 60 && !isWorkingDay(day); i++) {
            day = day.plusDays(1);
        }
        return day.atTime(at).atZone(MovableClock.ZONE).toInstant();
    }

    /** The end of the quiet window holding now (which may wrap midnight, 22:00 to 07:00), or now outside it. */
    static Instant afterQuietHours(LocalTime from, LocalTime until, Instant now) {
        if (from == null || until == null || from.equals(until)) {
            return now;
        }
        ZonedDateTime local = now.atZone(MovableClock.ZONE);
        LocalTime time = local.toLocalTime();
        LocalDate today = local.toLocalDate();
        if (from.isBefore(until)) {
            return !time.isBefore(from) && time.isBefore(until) ? today.atTime(until).atZone(MovableClock.ZONE).toInstant() : now;
        }
        if (!time.isBefore(from)) {
            return today.plusDays(1).atTime(until).atZone(MovableClock.ZONE).toInstant();
        }
        return time.isBefore(until) ? today.atTime(until).atZone(MovableClock.ZONE).toInstant() : now;
    }

    /** A day of no published plan year follows the week alone. */
    private boolean isWorkingDay(LocalDate day) {
        WorkingDays days = calendars.current().find(YearMonth.from(day)).map(ReportingCalendar::workingDays)
                .orElse(WorkingDays.weekOnly());
        return days.isWorkingDay(day);
    }
}
