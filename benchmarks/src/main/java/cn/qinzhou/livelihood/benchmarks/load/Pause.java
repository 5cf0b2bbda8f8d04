package cn.qinzhou.livelihood.benchmarks.load;

/** Waiting in polling loops without a checked exception; an interrupt is kept for the caller to see. */
public final class Pause {

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Pause() {
    }
}
