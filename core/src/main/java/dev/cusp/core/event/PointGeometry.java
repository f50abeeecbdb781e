package dev.cusp.core.event;

import java.util.List;

/**
 * Geometry of the logit map at one analysed point of one example. {@code point} is {@code clean}, {@code adversarial}
 * (the shard's adversarial input) or {@code crossing} (the decision-boundary crossing on the segment between them,
 * found by bisection on the predicted class; only when the adversarial point changes the prediction).
 *
 * <p>Schema version 1 has the first six fields: all singular values of the logit Jacobian (descending), κ = σ1/σc
 * (+∞ when σc = 0) and the margin f_y − max_{j≠y} f_j with y the example's label. Version 2 adds the cheap tier of
 * the analysis ({@code dev.cusp.core.singularity.PointAnalyzer}) and, where the job's plan asks for them, the costly
 * tiers; a part that was not computed, or does not apply to the model, is null (numbers inside a part are NaN, or
 * −1 for indices and counts, where undefined). The labels are {@code dev.cusp.core.singularity.Label} names in
 * priority order, the primary one first, each with one reason line; the thresholds are the shard's
 * {@link SingularityResults#rules()}.
 *
 * @param spectrum     rank, corank and Σ^i of J; null when J is not finite (the point is then MASKED)
 * @param boundary     margin gradient and first-order boundary distances
 * @param facets       the two nearest linearised boundaries (DeepFool facets); null with fewer than 3 classes
 * @param relu         exact kink distance and region rank certificate; null unless the model is a dense ReLU MLP
 * @param health       the loss gradient's health at the point
 * @param segment      the clean → adversarial segment; on the adversarial point only
 * @param junction     the classes that tie at the boundary crossing; on the crossing point only
 * @param clever       CLEVER scores (costly tier); on the clean point of the examples within the budget only
 * @param slice        folds and cusps of a 2-D slice through the example (costly tier); clean point, within budget
 */
public record PointGeometry(
        int exampleIndex,
        String point,
        int predictedClass,
        double[] singularValues,
        double conditionNumber,
        double margin,
        Spectrum spectrum,
        Boundary boundary,
        Facets facets,
        Relu relu,
        Health health,
        Segment segment,
        Junction junction,
        Clever clever,
        Slice slice,
        List<String> labels,
        String primaryLabel,
        List<String> reasons) {
    public static final String CLEAN = "clean";
    public static final String ADVERSARIAL = "adversarial";
    public static final String CROSSING = "crossing";

    /** A schema-version-1 point: the spectrum, κ and margin only. */
    public PointGeometry(int exampleIndex, String point, int predictedClass, double[] singularValues,
            double conditionNumber, double margin) {
        this(exampleIndex, point, predictedClass, singularValues, conditionNumber, margin, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /**
     * Numerical rank of J at the tolerance σ1·max(c,d)·ε_mach, corank min(c,d) − rank, the Thom–Boardman index
     * i = d − rank of Σ^i, and ‖J‖_F.
     */
    public record Spectrum(int rank, int corank, int boardmanIndex, double tolerance, double jacobianNorm) {
    }

    /**
     * The margin m = f_y − f_{runnerUp} against the label y: ‖∇m‖₂ and ‖∇m‖₁, the first-order distances |m|/‖∇m‖₂
     * (L2) and |m|/‖∇m‖₁ (L∞), and, at the clean point, the distance the attack needed to reach the crossing
     * along its direction ({@code neededL2}, {@code neededLinf}) over the first-order distance ({@code ratioL2},
     * {@code ratioLinf}; 1 on a flat boundary, above 1 when it bends away). NaN where there is no crossing.
     */
    public record Boundary(int referenceClass, int runnerUp, double gradientNorm, double gradientNormL1,
            double firstOrderL2, double firstOrderLinf, double neededL2, double neededLinf, double ratioL2,
            double ratioLinf) {
    }

    /** DeepFool facets around the predicted class: nearest and second-nearest r_k, r₁/r₂, cosine of their normals. */
    public record Facets(int nearestClass, double nearest, int secondClass, double second, double ratio,
            double normalCosine) {
    }

    /**
     * ReLU geometry: exact distance to the nearest activation hyperplane (L2 and L∞, its layer and unit, the smallest
     * |pre-activation|), and the region-wide bound rank J ≤ min(d, min_l #active units of layer l) with the corank it
     * certifies.
     */
    public record Relu(double kinkL2, double kinkLinf, int kinkLayer, int kinkUnit, double smallestPreActivation,
            int rankBound, int certifiedCorank) {
    }

    /** The loss gradient ∇ₓℓ at the point: {@code OK}, {@code ZERO}, {@code NAN}, {@code INFINITE}, {@code SATURATED}. */
    public record Health(String status, double norm) {
    }

    /**
     * The segment from the clean to the adversarial input: its length, whether the prediction changes on it and the
     * bisection bracket [tLow, tHigh] of the crossing (NaN when not), the classes on either side, and for ReLU
     * networks the activation-pattern Hamming distance of its ends and the exact number of linear regions it
     * crosses (−1 otherwise).
     */
    public record Segment(double lengthL2, double lengthLinf, boolean crossed, double tLow, double tHigh,
            int fromClass, int toClass, int hamming, int regions, boolean regionsTruncated) {
    }

    /** Classes tied at the crossing (linearised boundary within {@code radius}), the top class first. */
    public record Junction(int[] tiedClasses, double thirdDistance, double radius) {
        public int ties() {
            return tiedClasses.length;
        }
    }

    /**
     * Top-2 CLEVER scores (Weng et al. 2018) in L2 and L∞: the mean over {@code seeds} sampling seeds and its
     * standard deviation (0 for one seed), with the sampling used.
     */
    public record Clever(double l2, double linf, double l2Spread, double linfSpread, int seeds, int batches,
            int batchSize) {
    }

    /**
     * Critical set of the slice spanned by the attack direction and a seeded random direction: distances from the
     * example to the nearest fold (critical-curve point) and cusp, the attack distance that sets their scale, what
     * was found in the window, and whether the slice map is smooth (folds and cusps) or piecewise linear (fold edges).
     */
    public record Slice(double foldDistance, double cuspDistance, double attackDistance, int cusps, int foldPoints,
            int sigma2Points, double rankDeficientFraction, boolean smooth) {
    }
}
