package dev.cusp.core.attack;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A perturbation norm: measures perturbations, normalises ascent directions and clips points back into the
 * ε-ball, one row per example (Foolbox 3's distance objects own {@code clip_perturbation} the same way).
 */
public enum Norm {
    L1("l1"),
    L2("l2"),
    LINF("linf");

    /** Floor of a norm before dividing by it, so that a zero gradient or perturbation stays zero. */
    public static final double TINY = 1e-12;

    private final String id;

    Norm(String id) {
        this.id = id;
    }

    /** The name used in plans and reports: {@code l1}, {@code l2}, {@code linf}. */
    public String id() {
        return id;
    }

    /** Parses {@code l1}, {@code l2}, {@code linf} (also {@code inf}, {@code Linf}); a clear error otherwise. */
    public static Norm parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("norm is missing; expected one of l1, l2, linf");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l1" -> L1;
            case "l2" -> L2;
            case "linf", "inf", "l_inf", "lp_inf" -> LINF;
            default -> throw new IllegalArgumentException(
                    "unknown norm '" + name + "'; expected one of l1, l2, linf");
        };
    }

    /** The dual norm: ‖·‖₁ ↔ ‖·‖∞, ‖·‖₂ ↔ ‖·‖₂ (DeepFool and FAB divide by it). */
    public Norm dual() {
        return switch (this) {
            case L1 -> LINF;
            case L2 -> L2;
            case LINF -> L1;
        };
    }

    /** Row norms of {@code delta} [n,d] as a column [n,1]. */
    public INDArray of(INDArray delta) {
        INDArray norms = switch (this) {
            case L1 -> delta.norm1(1);
            case L2 -> delta.norm2(1);
            case LINF -> delta.normmax(1);
        };
        return norms.reshape(delta.rows(), 1);
    }

    /**
     * The unit-norm ascent direction for gradient {@code g}: sign(g) for L∞, g/‖g‖₂ for L2 and g/‖g‖₁ for L1
     * (the L1 convention of Foolbox's and ART's fast gradient method).
     */
    public INDArray unitDirection(INDArray g) {
        if (this == LINF) {
            return Transforms.sign(g, true);
        }
        return g.divColumnVector(floored(of(g)));
    }

    /**
     * Clips {@code candidate} into the ε-ball around {@code origin} (per-row ε column [n,1]), in place, and returns
     * it: L∞ clamps every coordinate of δ to [−ε, ε]; L1 and L2 rescale δ when ‖δ‖ > ε.
     */
    public INDArray clipToBall(INDArray candidate, INDArray origin, INDArray epsilon) {
        INDArray delta = candidate.subi(origin);
        if (this == LINF) {
            // δ/ε clamped to [−1, 1], times ε; a zero ε gives a zero δ
            delta.diviColumnVector(Transforms.max(epsilon, 1e-30, true));
            Transforms.min(delta, 1.0, false);
            Transforms.max(delta, -1.0, false);
            return delta.muliColumnVector(epsilon).addi(origin);
        }
        INDArray factor = Transforms.min(epsilon.div(floored(of(delta))), 1.0, false);
        return delta.muliColumnVector(factor).addi(origin);
    }

    /**
     * Uniform samples from the ε-balls (rows of ε [n,1]), shape [n,d]: L∞ uniform in the cube, L2 and L1 uniform
     * in the ball (radius ε·u^{1/d} times a uniform direction on the sphere; for L1 the direction comes from
     * Laplace samples normalised to the L1 sphere).
     */
    public INDArray sampleBall(Random rng, long n, long d, INDArray epsilon, DataType type) {
        if (this == LINF) {
            return Nd4j.rand(rng, n, d).castTo(type).muli(2).subi(1).muliColumnVector(epsilon);
        }
        INDArray direction;
        if (this == L2) {
            direction = Nd4j.randn(new long[] {n, d}, rng).castTo(type);
        } else {
            INDArray u = Nd4j.rand(rng, n, d).castTo(type);
            INDArray signs = Transforms.sign(Nd4j.rand(rng, n, d).castTo(type).subi(0.5), false);
            direction = Transforms.log(u.rsubi(1.0).addi(TINY), false).negi().muli(signs);
        }
        direction.diviColumnVector(floored(of(direction)));
        INDArray radius = Transforms.pow(Nd4j.rand(rng, n, 1).castTo(type), 1.0 / d, false);
        return direction.muliColumnVector(radius.muli(epsilon));
    }

    /** max(norms, TINY), element-wise (Foolbox's guard: exact for every norm above the floor). */
    public static INDArray floored(INDArray norms) {
        return Transforms.max(norms, TINY, false);
    }
}
