package dev.cusp.core.model;

/** A model file that Cusp refuses to load; the message says what is wrong with it. */
public class ModelRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
