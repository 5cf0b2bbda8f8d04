package cn.qinzhou.livelihood.platform.plancalendar;

import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import cn.qinzhou.livelihood.rules.calendar.PlanCalendars;
import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * When {@link PlanCalendarView#current()} waits for the plan-year topics' first read: only while the view's own
 * follower runs. The follower here reads from a port nothing listens on, so its first read never comes.
 */
class PlanCalendarViewTest {

    /** Far longer than any assertion below allows: a wait for the first read shows as a timeout. */
    private static final Duration NEVER = Duration.ofSeconds(60);

    @Test
    void aViewThatNeverStartedAnswersAtOnceInsteadOfWaitingForAReadThatNeverComes() {
        // What a scheduled job still at work during a stop is handed once the application's beans are destroyed.
        PlanCalendarView view = view(NEVER);

        PlanCalendars calendars = assertTimeoutPreemptively(Duration.ofSeconds(5), view::current);

        assertThat(calendars.all()).isEmpty();
    }

    @Test
    void aRunningViewWaitsForItsFirstReadAndOnceStoppedAnswersAtOnce() throws Exception {
        Duration startWait = Duration.ofMillis(800);
        PlanCalendarView running = view(startWait);
        running.start(null);
        try {
            long started = System.nanoTime();
            running.current();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the first read")
                    .isGreaterThanOrEqualTo(startWait.minusMillis(50));
        } finally {
            running.stop(null);
        }

        PlanCalendarView stopped = view(NEVER);
        stopped.start(null);
        stopped.stop(null);

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), stopped::current).all()).isEmpty();
        assertThat(stopped.readToEnd()).isFalse();
    }

    private static PlanCalendarView view(Duration startWait) {
        KafkaClientSettings nowhere = KafkaClientSettings.from(new SmallRyeConfigBuilder()
                .withDefaultValue("kafka.bootstrap.servers", "127.0.0.1:" + LocalKafkaBroker.freePort()).build());
        return new PlanCalendarView(new ObjectMapper(), nowhere, true, startWait);
    }
}
