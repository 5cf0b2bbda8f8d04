package cn.qinzhou.livelihood.platform.shutdown;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A stop that takes long says what holds it. Quarkus waits for its worker threads still at work and interrupts them
 * after 10 s, logging only how many there are; an orchestrator may kill the service before that. If the service is
 * still stopping {@code livelihood.shutdown.slow-stop-report-after} (5 s) after it began, the stacks of the threads
 * holding the stop are logged at WARN: the shutdown thread (where the stop itself waits) and every worker that is not
 * idle in its pool. {@code 0} switches the report off.
 */
@ApplicationScoped
public class SlowStopReport {

    private static final Logger LOG = Logger.getLogger(SlowStopReport.class);
    /** Quarkus's worker pool names its threads so; an idle one waits in the pool's own park. */
    private static final String WORKER_PREFIX = "executor-thread-";
    private static final String IDLE_WORKER_FRAME = "org.jboss.threads.EnhancedQueueExecutor$PoolThreadNode";
    private static final int FRAMES_SHOWN = 40;

    private final Duration reportAfter;

    public SlowStopReport(@ConfigProperty(name = "livelihood.shutdown.slow-stop-report-after", defaultValue = "PT5S")
                          Duration reportAfter) {
        this.reportAfter = reportAfter;
    }

    /** First among the stop's observers, so the time counts from the stop's beginning. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        if (reportAfter.isZero() || reportAfter.isNegative()) {
            return;
        }
        Thread stopping = Thread.currentThread();
        Application application = Application.currentApplication();
        Thread watch = new Thread(() -> {
            try {
                Thread.sleep(reportAfter.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            // Quarkus lets go of the application once its stop has ended. A JVM that outlives the stop (tests, dev
            // mode's reloads) keeps this thread, which then has nothing to say.
            if (application == null || Application.currentApplication() != application) {
                return;
            }
            String held = threadsHoldingTheStop(stopping, Thread.getAllStackTraces());
            LOG.warnf("still stopping %s after the stop began; the threads at work:%n%s", reportAfter, held);
        }, "slow-stop-report");
        watch.setDaemon(true);
        watch.start();
    }

    /** The stopping thread and the busy workers, each with its stack. */
    static String threadsHoldingTheStop(Thread stopping, Map<Thread, StackTraceElement[]> stacks) {
        List<Map.Entry<Thread, StackTraceElement[]>> shown = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : stacks.entrySet()) {
            Thread thread = entry.getKey();
            if (thread == stopping || (thread.getName().startsWith(WORKER_PREFIX) && !idleInItsPool(entry.getValue()))) {
                shown.add(entry);
            }
        }
        shown.sort(Comparator.comparing(entry -> entry.getKey().getName()));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : shown) {
            text.append('"').append(entry.getKey().getName()).append("\" ").append(entry.getKey().getState()).append('\n');
            StackTraceElement[] stack = entry.getValue();
            for (int i = 0; i < Math.min(stack.length, FRAMES_SHOWN); i++) {
                text.append("    at ").append(stack[i]).append('\n');
            }
            if (stack.length > FRAMES_SHOWN) {
                text.append("    ... ").append(stack.length - FRAMES_SHOWN).append(" more\n");
            }
        }
        return text.toString();
    }

    private static boolean idleInItsPool(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(stack.length, 6); i++) {
            if (stack[i].getClassName().equals(IDLE_WORKER_FRAME)) {
                return true;
            }
        }
        return false;
    }
}
