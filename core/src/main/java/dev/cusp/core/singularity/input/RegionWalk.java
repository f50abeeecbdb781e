package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Exact number of linear regions of a ReLU network crossed by the segment x(t) = a + t·(b − a), t ∈ [0,1].
 * Inside a region every pre-activation is affine in t, z_j(t) = z_j + (t − t₀)·ż_j, so the region ends at
 * the first t where a unit with z_j·ż_j &lt; 0 reaches zero; there the pattern just after the event is
 * read one-sidedly (a unit at zero is on iff its right derivative is positive, propagated layer by layer),
 * which keeps tangencies and simultaneous events exact. Cost: one forward pass with a tangent per region.
 *
 * @param regions     number of distinct maximal pieces of the segment with a constant activation pattern
 * @param breakpoints the t ∈ (0,1) where the pattern changes, ascending
 * @param truncated   true when the walk stopped at {@link Parameters#maxRegions()}
 * @param parameters  the tolerances used
 */
public record RegionWalk(int regions, double[] breakpoints, boolean truncated, Parameters parameters) {

    /**
     * Walk parameters.
     *
     * @param zeroTolerance a pre-activation with |z| ≤ zeroTolerance·max(1, max_j |z_j| of its layer) counts as
     *                      zero and is switched by the sign of its derivative (round-off of a fresh forward
     *                      pass at an event is ~1e-16 relative, so 1e-9 leaves seven orders of headroom)
     * @param endTolerance  events with t ≥ 1 − endTolerance belong to the end point, not the segment
     * @param maxRegions    safety cap on the number of regions walked
     */
    public record Parameters(double zeroTolerance, double endTolerance, int maxRegions) {
        public static final double ZERO_TOLERANCE = 1e-9;
        public static final double END_TOLERANCE = 1e-12;
        public static final int MAX_REGIONS = 1_000_000;

        public static Parameters defaults() {
            return new Parameters(ZERO_TOLERANCE, END_TOLERANCE, MAX_REGIONS);
        }
    }

    /** Walks the segment from a to b (each [1,d] or [d]) with the default parameters. */
    public static RegionWalk walk(ReluNetwork net, INDArray a, INDArray b) {
        return walk(net, a, b, Parameters.defaults());
    }

    /** Walks the segment from a to b. */
    public static RegionWalk walk(ReluNetwork net, INDArray a, INDArray b, Parameters p) {
        INDArray start = a.castTo(DataType.DOUBLE).reshape(1, a.length());
        INDArray direction = b.castTo(DataType.DOUBLE).reshape(1, b.length()).sub(start);
        net.requireInput(start);
        net.requireInput(direction);
        List<Double> breakpoints = new ArrayList<>();
        double t = 0.0;
        INDArray previous = null;
        int regions = 0;
        while (true) {
            Tangent here = Tangent.at(net, start.add(direction.mul(t)), direction, p.zeroTolerance());
            if (previous == null) {
                regions = 1;
            } else if (!here.pattern.equals(previous)) {
                regions++;
                breakpoints.add(t);
            }
            previous = here.pattern;
            double step = here.nextEvent();
            if (regions >= p.maxRegions() || !(t + step < 1.0 - p.endTolerance())) {
                boolean truncated = regions >= p.maxRegions() && t + step < 1.0 - p.endTolerance();
                return new RegionWalk(regions, breakpoints.stream().mapToDouble(Double::doubleValue).toArray(),
                        truncated, p);
            }
            t += step;
        }
    }

    /**
     * Region counts for paired batches a [n,d] → b [n,d]: every segment walked as by {@link #walk}, all of them in
     * lockstep ({@link BatchedRegionWalk}: one batched forward pass per step).
     */
    public static List<RegionWalk> walkAll(ReluNetwork net, INDArray a, INDArray b, Parameters p) {
        if (a.rank() != 2 || !java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("need paired batches of equal shape, got "
                    + java.util.Arrays.toString(a.shape()) + " and " + java.util.Arrays.toString(b.shape()));
        }
        return BatchedRegionWalk.walk(net, a, b, p);
    }

    /** Pre-activations, their right derivatives along the direction, and the one-sided pattern at a point. */
    private static final class Tangent {
        final List<INDArray> z = new ArrayList<>();
        final List<INDArray> dz = new ArrayList<>();
        final List<Double> zeroTol = new ArrayList<>();
        INDArray pattern;

        static Tangent at(ReluNetwork net, INDArray x, INDArray direction, double zeroTolerance) {
            Tangent t = new Tangent();
            INDArray a = x;
            INDArray da = direction;
            List<INDArray> masks = new ArrayList<>();
            for (int l = 0; l < net.hiddenLayers(); l++) {
                INDArray zl = a.mmul(net.weight(l)).addiRowVector(net.bias(l));
                INDArray dzl = da.mmul(net.weight(l));
                double tol = zeroTolerance * Math.max(1.0, Transforms.abs(zl, true).maxNumber().doubleValue());
                INDArray atZero = Transforms.abs(zl, true).lte(tol);
                INDArray on = Transforms.or(zl.gt(tol), Transforms.and(atZero, dzl.gt(0.0)));
                INDArray mask = on.castTo(DataType.DOUBLE);
                t.z.add(zl);
                t.dz.add(dzl);
                t.zeroTol.add(tol);
                masks.add(on);
                a = zl.mul(mask);
                da = dzl.mul(mask);
            }
            t.pattern = masks.isEmpty() ? Nd4j.empty(DataType.BOOL) : Nd4j.hstack(masks);
            return t;
        }

        /** Smallest τ > 0 at which a unit away from zero reaches zero along the current affine piece. */
        double nextEvent() {
            double best = Double.POSITIVE_INFINITY;
            for (int l = 0; l < z.size(); l++) {
                double[] zl = z.get(l).toDoubleVector();
                double[] dzl = dz.get(l).toDoubleVector();
                double tol = zeroTol.get(l);
                for (int j = 0; j < zl.length; j++) {
                    if (Math.abs(zl[j]) > tol && zl[j] * dzl[j] < 0) {
                        best = Math.min(best, -zl[j] / dzl[j]);
                    }
                }
            }
            return best;
        }
    }
}
