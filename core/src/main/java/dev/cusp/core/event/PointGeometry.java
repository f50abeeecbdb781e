package dev.cusp.core.event;

/**
 * Geometry of the logit map at one analysed point of one example ({@code point} is {@code clean} or
 * {@code adversarial}): all singular values of the logit Jacobian (descending), κ = σ1/σc, and the margin
 * f_y − max_{j≠y} f_j with y the example's label.
 */
public record PointGeometry(
        int exampleIndex,
        String point,
        int predictedClass,
        double[] singularValues,
        double conditionNumber,
        double margin) {
    public static final String CLEAN = "clean";
    public static final String ADVERSARIAL = "adversarial";
}
