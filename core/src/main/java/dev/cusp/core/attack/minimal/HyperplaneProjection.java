package dev.cusp.core.attack.minimal;

import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.Norm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Projection onto a hyperplane inside the data box, per row: the smallest δ (in L2 or L∞) with
 * w·(t + δ) = b and t + δ in the bounds — the step FAB takes (Croce &amp; Hein 2020, FAB paper eq. 5). When the box
 * makes the hyperplane unreachable, the δ that gets closest (every coordinate at its bound) is returned.
 *
 * <p>Both norms reduce to a monotone scalar equation: L2 δ = clip(λw, lo, hi) (KKT) and L∞
 * δ = −sign·min(ρ, room) per coordinate; the scalar is bracketed by bisection, then solved exactly on the
 * bracket's set of saturated coordinates.
 */
public final class HyperplaneProjection {

    /** Bisection halvings before the exact solve on the final saturation pattern. */
    static final int BISECTIONS = 30;

    private HyperplaneProjection() {
    }

    /** δ [n,d] for points t [n,d], normals w [n,d] and offsets b [n,1]. */
    public static INDArray project(Norm norm, INDArray t, INDArray w, INDArray b, Bounds bounds) {
        // make the required change r = b − w·t non-negative: flip w and r together
        INDArray r = b.sub(t.mul(w).sum(true, 1));
        INDArray sign = Transforms.sign(r, true);
        sign.addi(sign.eq(0.0).castTo(sign.dataType()));
        INDArray v = w.mulColumnVector(sign);
        INDArray need = r.muli(sign);
        INDArray lower = t.rsub(bounds.lower());
        INDArray upper = t.rsub(bounds.upper());
        return switch (norm) {
            case L2 -> l2(v, need, lower, upper);
            case LINF -> linf(v, need, lower, upper);
            case L1 -> throw new IllegalArgumentException("the L1 projection is not implemented; use l2 or linf");
        };
    }

    /** min ‖δ‖₂ s.t. v·δ = need ≥ 0, lower ≤ δ ≤ upper: δ = clip(λv) with the smallest λ ≥ 0 reaching need. */
    private static INDArray l2(INDArray v, INDArray need, INDArray lower, INDArray upper) {
        INDArray positive = v.gt(0.0).castTo(v.dataType());
        INDArray negative = v.lt(0.0).castTo(v.dataType());
        INDArray room = upper.mul(positive).addi(lower.mul(negative));
        INDArray safeV = v.add(positive.add(negative).rsubi(1.0));
        INDArray lo = need.mul(0.0);
        INDArray hi = room.divi(safeV).max(true, 1);
        INDArray buffer = v.like();
        for (int k = 0; k < BISECTIONS; k++) {
            INDArray mid = lo.add(hi).muli(0.5);
            INDArray reached = clip(buffer.assign(v).muliColumnVector(mid), lower, upper).muli(v).sum(true, 1)
                    .lt(need).castTo(v.dataType()).rsubi(1.0);
            choose(reached, mid, hi, lo);
        }
        // exact λ on hi's saturation pattern: need = Σ_sat v·bound + λ Σ_free v²
        INDArray atHi = clip(v.mulColumnVector(hi), lower, upper);
        INDArray free = atHi.neq(lower).castTo(v.dataType()).muli(atHi.neq(upper).castTo(v.dataType()))
                .muli(v.neq(0.0).castTo(v.dataType()));
        INDArray saturatedPart = atHi.mul(v).muli(free.rsub(1.0)).sum(true, 1);
        INDArray curvature = v.mul(v).muli(free).sum(true, 1);
        INDArray lambda = exact(need.sub(saturatedPart), curvature, lo, hi);
        return clip(v.mulColumnVector(lambda), lower, upper);
    }

    /** min ‖δ‖∞ s.t. v·δ = need ≥ 0 in the box: δ_i = sign(v_i)·min(ρ, room_i) with the smallest such ρ. */
    private static INDArray linf(INDArray v, INDArray need, INDArray lower, INDArray upper) {
        INDArray direction = Transforms.sign(v, true);
        INDArray weight = Transforms.abs(v, true);
        INDArray room = upper.mul(v.gt(0.0).castTo(v.dataType())).addi(lower.neg().muli(v.lt(0.0)
                .castTo(v.dataType())));
        INDArray lo = need.mul(0.0);
        INDArray hi = room.mul(weight.gt(0.0).castTo(v.dataType())).max(true, 1);
        INDArray buffer = v.like();
        for (int k = 0; k < BISECTIONS; k++) {
            INDArray mid = lo.add(hi).muli(0.5);
            INDArray reached = capped(buffer, room, mid).muli(weight).sum(true, 1).lt(need).castTo(v.dataType())
                    .rsubi(1.0);
            choose(reached, mid, hi, lo);
        }
        // exact ρ on hi's pattern: need = Σ_capped |v|·room + ρ Σ_free |v|, free where room > hi
        INDArray free = room.subColumnVector(hi).gt(0.0).castTo(v.dataType()).muli(weight.gt(0.0)
                .castTo(v.dataType()));
        INDArray cappedPart = room.mul(weight).muli(free.rsub(1.0)).sum(true, 1);
        INDArray slope = weight.mul(free).sum(true, 1);
        INDArray rho = exact(need.sub(cappedPart), slope, lo, hi);
        return capped(buffer, room, rho).muli(direction);
    }

    /** Bisection update: hi ← mid where reached, lo ← mid elsewhere (columns, in place). */
    private static void choose(INDArray reached, INDArray mid, INDArray hi, INDArray lo) {
        INDArray missed = reached.rsub(1.0);
        hi.muli(missed).addi(mid.mul(reached));
        lo.muli(reached).addi(mid.mul(missed));
    }

    /** numerator/slope where the slope is positive, else hi; then kept inside [lo, hi]. */
    private static INDArray exact(INDArray numerator, INDArray slope, INDArray lo, INDArray hi) {
        INDArray hasSlope = slope.gt(0.0).castTo(slope.dataType());
        INDArray value = numerator.divi(slope.add(hasSlope.rsub(1.0))).muli(hasSlope)
                .addi(hi.mul(hasSlope.rsub(1.0)));
        return Transforms.min(Transforms.max(value, lo, false), hi, false);
    }

    /** Clamps {@code a} into [lower, upper] element-wise, in place. */
    private static INDArray clip(INDArray a, INDArray lower, INDArray upper) {
        return Transforms.min(Transforms.max(a, lower, false), upper, false);
    }

    /** min(room, ρ) per row written into {@code buffer}: room − max(room − ρ, 0). */
    private static INDArray capped(INDArray buffer, INDArray room, INDArray rho) {
        INDArray excess = Transforms.relu(buffer.assign(room).subiColumnVector(rho), false);
        return excess.rsubi(room);
    }
}
