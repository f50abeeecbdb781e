package dev.cusp.core.event;

/**
 * A rendered slice (PNG, {@link #ENCODING}) through one example: the plane x + s·u + t·v with u the attack direction and
 * v a seeded random direction ⟂ u, drawn over the window [sMin, sMax] × [tMin, tMax] with the decision regions, the
 * critical curve (folds, or fold edges of a piecewise-linear map), cusps, the example at (0, 0), the crossing and the
 * adversarial point on the s axis.
 */
public record SlicePicture(int exampleIndex, String point, double sMin, double sMax, double tMin, double tMax,
        int width, int height, String encoding, String data) {
    public static final String ENCODING = "base64;image/png";
}
