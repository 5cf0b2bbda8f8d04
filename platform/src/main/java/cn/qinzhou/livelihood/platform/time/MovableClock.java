package cn.qinzhou.livelihood.platform.time;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    /**
     * A demo or end-to-end stack may start with its clock stopped at a given instant (ISO-8601 with offset),
     * so that its first deadline check already runs in the demonstrated month. Honoured only where the
     * clock is adjustable at all.
     */
    public MovableClock(@ConfigProperty(name = "livelihood.clock.adjustable", defaultValue = "false") boolean adjustable,
                        @ConfigProperty(name = "livelihood.clock.start-at") java.util.Optional<String> startAt) {
        if (adjustable && startAt.isPresent() && !startAt.get().isBlank()) {
            fixedAt.set(java.time.OffsetDateTime.parse(startAt.get().trim()).toInstant());
        }
    }

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
