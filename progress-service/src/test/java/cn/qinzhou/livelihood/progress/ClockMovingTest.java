package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

/** A test that moves the service's clock: after each test the clock follows the system clock again. */
public abstract class ClockMovingTest {

    @Inject
    protected MovableClock clock;

    @AfterEach
    void followTheSystemClockAgain() {
        clock.followSystemClock();
    }
}
