package dev.cusp.core.worker;

/** A result would exceed the Kafka message limit; the task goes to the dead-letter queue with this message. */
public class MessageTooLargeException extends RuntimeException {
    public MessageTooLargeException(String message) {
        super(message);
    }
}
