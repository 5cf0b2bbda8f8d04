package cn.qinzhou.livelihood.benchmarks.results;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * How fast one core of the machine is at the moment: the CPU time this thread needs for a fixed piece of work
 * (sorting two million pseudo-random integers), the best of several tries. A run prints it at its start and its end
 * beside the load average. On a virtual machine the same code's CPU per request moved by up to a factor of two between
 * runs minutes apart while nothing of the run changed; this says whether the cores themselves were slower.
 */
public final class CoreSpeed {

    private static final int VALUES = 2_000_000;
    private static final int TRIES = 7;
    /** Where each try's result goes, so that the compiler cannot drop the work as unused. */
    private static volatile long sink;

    private CoreSpeed() {
    }

    /** The probe's best CPU milliseconds (lower is faster), for the run's context lines. */
    public static String probe() {
        return "one core: " + Results.number(bestMillis(), 0) + " ms of CPU to sort " + Results.number(VALUES, 0)
                + " integers (best of " + TRIES + "; lower is faster)";
    }

    static double bestMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < TRIES; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sink = work();
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e6);
        }
        return best;
    }

    /** The same numbers every time (a fixed linear congruential sequence), sorted; returns a value depending on all. */
    private static long work() {
        int[] values = new int[VALUES];
        long seed = 12345;
        for (int i = 0; i < VALUES; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            values[i] = (int) (seed >>> 33);
        }
        Arrays.sort(values);
        return values[VALUES / 2] + values[VALUES - 1];
    }
}
