package cn.qinzhou.livelihood.notification.delivery;

import java.time.Duration;

/**
 * How one attempt ended.
 *
 * @param retryAfter for RETRY, the wait the receiver asked for (HTTP 429 Retry-After, a robot's rate-limit errcode), or
 *                   null to back off exponentially
 */
public record SendResult(Outcome outcome, String error, Duration retryAfter) {

    public enum Outcome {
        SENT,
        /** temporary: the receiver is down, busy or limiting us */
        RETRY,
        /** permanent: the receiver refused the message (a 4xx other than 429, a bad address); retrying cannot help */
        FAILED
    }

    static SendResult sent() {
        return new SendResult(Outcome.SENT, null, null);
    }

    static SendResult retry(String error, Duration after) {
        return new SendResult(Outcome.RETRY, error, after);
    }

    static SendResult failed(String error) {
        return new SendResult(Outcome.FAILED, error, null);
    }
}
