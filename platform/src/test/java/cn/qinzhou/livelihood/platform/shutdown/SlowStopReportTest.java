package cn.qinzhou.livelihood.platform.shutdown;

import org.jboss.threads.EnhancedQueueExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a slow stop's report shows: where the stop waits and each worker at work, not the workers idle in their pool. */
class SlowStopReportTest {

    @Test
    void theReportShowsTheStoppingThreadAndTheBusyWorkerWithTheirStacksAndLeavesOutTheIdleWorker() throws Exception {
        AtomicInteger named = new AtomicInteger();
        // Quarkus's worker pool, as it names its threads.
        EnhancedQueueExecutor workers = new EnhancedQueueExecutor.Builder().setCorePoolSize(2).setMaximumPoolSize(2)
                .setThreadFactory(task -> new Thread(task, "executor-thread-" + (900 + named.incrementAndGet()))).build();
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        try {
            workers.execute(() -> holdTheStop(holding, released));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            workers.execute(() -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("executor-thread-9")).count() == 2);

            String report = SlowStopReport.threadsHoldingTheStop(Thread.currentThread(), Thread.getAllStackTraces());

            assertThat(report).contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE")
                    .contains("SlowStopReportTest.theReportShowsTheStoppingThread");
            assertThat(report).contains("SlowStopReportTest.holdTheStop");
            assertThat(report.lines().filter(line -> line.startsWith("\"executor-thread-9")).count())
                    .as("the busy worker only, of the pool's two:%n%s", report).isEqualTo(1);
        } finally {
            released.countDown();
            workers.shutdownNow();
        }
    }

    private static void holdTheStop(CountDownLatch holding, CountDownLatch released) {
        holding.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
