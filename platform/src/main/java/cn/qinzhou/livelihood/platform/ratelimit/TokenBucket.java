package cn.qinzhou.livelihood.platform.ratelimit;

/**
 * A caller's allowance: {@code burst} writes at once, refilled at {@code perSecond}. Time is the JVM's monotonic
 * nanosecond counter, not the service's movable clock: a demo moving the clock by a month must not hand out a
 * month's writes, and a rate is about real seconds.
 */
final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes one write if there is one: returns 0; otherwise the whole seconds until there is (at least 1). */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    /** True when the bucket is full again: the caller has been quiet long enough to forget. */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * perSecond);
            refilledAt = nowNanos;
        }
    }
}
