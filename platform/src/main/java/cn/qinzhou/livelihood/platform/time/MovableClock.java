package cn.qinzhou.livelihood.platform.time;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one source of "now" for a service. It follows the system clock unless a test (or the demo) moves it;
 * deadlines are judged in {@link #ZONE}, whatever the machine's time zone.
 */
@Singleton
public class MovableClock extends Clock {

    /** Reporting deadlines and the time-elapsed ratio are defined in China Standard Time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final AtomicReference<Instant> fixedAt = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
        return ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        Instant fixed = fixedAt.get();
        return fixed != null ? fixed : Instant.now();
    }

    /** Stops the clock at the given instant. */
    public void moveTo(Instant instant) {
        fixedAt.set(instant);
    }

    /** Moves a stopped clock forward (or starts from now when it follows the system clock). */
    public void advance(Duration duration) {
        fixedAt.set(instant().plus(duration));
    }

    public boolean isMoved() {
        return fixedAt.get() != null;
    }

    /** Back to the system clock. */
    public void followSystemClock() {
        fixedAt.set(null);
    }
}
