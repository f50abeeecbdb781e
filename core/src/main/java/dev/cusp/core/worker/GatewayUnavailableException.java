package dev.cusp.core.worker;

/**
 * The gateway could not be asked for a model's bytes (no connection, a timeout, a 5xx answer): a transient failure
 * that a consumer retries with back-off before it gives up and dead-letters the record.
 */
public class GatewayUnavailableException extends RuntimeException {
    public GatewayUnavailableException(String message) {
        super(message);
    }

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
