package cn.qinzhou.livelihood.contracts;

/**
 * An event whose payload does not match its contract. A consumer can never apply it, however often it
 * tries: the consumer sends it to its dead-letter topic and goes on.
 */
public class MalformedEventException extends IllegalArgumentException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
