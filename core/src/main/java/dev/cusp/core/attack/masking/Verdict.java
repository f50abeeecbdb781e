package dev.cusp.core.attack.masking;

/**
 * One gradient-masking check's outcome: whether it flagged the model, the measured value, the threshold it was
 * compared with, and a sentence a report can show.
 */
public record Verdict(String check, boolean flagged, double value, double threshold, String detail) {
}
