package dev.cusp.core.worker;

/**
 * The gateway refused a model's bytes for good: unknown hash (404), another 4xx answer, a malformed hash or bytes over
 * the model limit. Asking again gives the same answer, so a consumer sends the record to its dead-letter queue at once.
 */
public class ModelFetchException extends RuntimeException {
    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
