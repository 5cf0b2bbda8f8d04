package cn.qinzhou.livelihood.platform.inbox;

/**
 * Thrown by a handler for an event that can never be applied (a payload that breaks the schema, a
 * reference to nothing). The record goes to the dead-letter topic at once instead of being retried.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
