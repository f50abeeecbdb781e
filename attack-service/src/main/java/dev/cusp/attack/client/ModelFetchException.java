package dev.cusp.attack.client;

/** The gateway could not deliver a model's bytes: unknown hash (404), an error answer, or no connection. */
public class ModelFetchException extends RuntimeException {
    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
