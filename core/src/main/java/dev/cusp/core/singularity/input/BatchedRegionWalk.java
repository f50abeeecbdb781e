package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link RegionWalk} for many segments at once: every segment still walks its own regions with the same arithmetic
 * (the same one-sided pattern at each event and the same next-event rule, per row), but one step advances all
 * unfinished segments with one batched forward pass and tangent, so a shard costs as many steps as its longest walk
 * instead of the sum of all walks.
 */
final class BatchedRegionWalk {

    private BatchedRegionWalk() {
    }

    /** Walks the segments a[i] → b[i] of paired batches [n,d]. */
    static List<RegionWalk> walk(ReluNetwork net, INDArray a, INDArray b, RegionWalk.Parameters p) {
        INDArray start = a.castTo(DataType.DOUBLE).dup();
        INDArray direction = b.castTo(DataType.DOUBLE).sub(start);
        net.requireInput(start);
        int n = (int) start.rows();
        double[] t = new double[n];
        int[] regions = new int[n];
        boolean[] truncated = new boolean[n];
        double[][] previous = new double[n][];
        List<List<Double>> breakpoints = new ArrayList<>(n);
        int[] active = new int[n];
        for (int i = 0; i < n; i++) {
            breakpoints.add(new ArrayList<>());
            active[i] = i;
        }
        while (active.length > 0) {
            INDArray rowsStart = Nd4j.pullRows(start, 1, active);
            INDArray rowsDirection = Nd4j.pullRows(direction, 1, active);
            double[] tActive = new double[active.length];
            for (int k = 0; k < active.length; k++) {
                tActive[k] = t[active[k]];
            }
            // x = start + direction·t, as RegionWalk.walk computes it for one row
            INDArray x = rowsStart.add(rowsDirection.mulColumnVector(column(tActive)));
            Tangents here = Tangents.at(net, x, rowsDirection, p.zeroTolerance());
            double[][] patterns = here.patterns();
            double[] steps = here.nextEvents();
            int[] still = new int[active.length];
            int remaining = 0;
            for (int k = 0; k < active.length; k++) {
                int i = active[k];
                if (previous[i] == null) {
                    regions[i] = 1;
                } else if (!Arrays.equals(patterns[k], previous[i])) {
                    regions[i]++;
                    breakpoints.get(i).add(t[i]);
                }
                previous[i] = patterns[k];
                double step = steps[k];
                if (regions[i] >= p.maxRegions() || !(t[i] + step < 1.0 - p.endTolerance())) {
                    truncated[i] = regions[i] >= p.maxRegions() && t[i] + step < 1.0 - p.endTolerance();
                } else {
                    t[i] += step;
                    still[remaining++] = i;
                }
            }
            active = Arrays.copyOf(still, remaining);
        }
        List<RegionWalk> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new RegionWalk(regions[i], breakpoints.get(i).stream().mapToDouble(Double::doubleValue).toArray(),
                    truncated[i], p));
        }
        return out;
    }

    private static INDArray column(double[] v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1);
    }

    /** Pre-activations and their right derivatives of a batch of rows, the one-sided patterns and next events. */
    private record Tangents(List<INDArray> z, List<INDArray> dz, List<INDArray> tolerance, INDArray pattern) {

        static Tangents at(ReluNetwork net, INDArray x, INDArray direction, double zeroTolerance) {
            List<INDArray> zs = new ArrayList<>();
            List<INDArray> dzs = new ArrayList<>();
            List<INDArray> tols = new ArrayList<>();
            List<INDArray> masks = new ArrayList<>();
            INDArray a = x;
            INDArray da = direction;
            for (int l = 0; l < net.hiddenLayers(); l++) {
                INDArray zl = a.mmul(net.weight(l)).addiRowVector(net.bias(l));
                INDArray dzl = da.mmul(net.weight(l));
                INDArray absZ = Transforms.abs(zl, true);
                // per row: zeroTolerance·max(1, max_j |z_j|)
                INDArray tol = Transforms.max(absZ.max(1), 1.0, false).muli(zeroTolerance).reshape(zl.rows(), 1);
                INDArray atZero = absZ.subColumnVector(tol).lte(0.0);
                INDArray on = Transforms.or(zl.subColumnVector(tol).gt(0.0), Transforms.and(atZero, dzl.gt(0.0)));
                INDArray mask = on.castTo(DataType.DOUBLE);
                zs.add(zl);
                dzs.add(dzl);
                tols.add(tol);
                masks.add(mask);
                a = zl.mul(mask);
                da = dzl.mul(mask);
            }
            INDArray pattern = masks.isEmpty() ? Nd4j.zeros(DataType.DOUBLE, x.rows(), 0) : Nd4j.hstack(masks);
            return new Tangents(zs, dzs, tols, pattern);
        }

        double[][] patterns() {
            int rows = (int) pattern.rows();
            if (pattern.columns() == 0) {
                return new double[rows][0];
            }
            return pattern.toDoubleMatrix();
        }

        /**
         * Per row, the smallest τ = −z_j/ż_j over units away from zero (|z_j| above the row's tolerance) that move
         * towards it (z_j·ż_j &lt; 0); +∞ when none does.
         */
        double[] nextEvents() {
            int rows = (int) pattern.rows();
            double[] best = new double[rows];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (int l = 0; l < z.size(); l++) {
                INDArray zl = z.get(l);
                INDArray dzl = dz.get(l);
                INDArray moving = Transforms.and(Transforms.abs(zl, true).subColumnVector(tolerance.get(l)).gt(0.0),
                        zl.mul(dzl).lt(0.0)).castTo(DataType.DOUBLE);
                INDArray tau = zl.neg().divi(dzl);
                // where a unit does not qualify its ratio may be ±∞ or NaN (ż = 0): zero it, mask it, then +∞
                BooleanIndexing.replaceWhere(tau, 0.0, Conditions.isNan());
                BooleanIndexing.replaceWhere(tau, 0.0, Conditions.isInfinite());
                tau.muli(moving);
                BooleanIndexing.replaceWhere(tau, Double.POSITIVE_INFINITY, Conditions.lessThanOrEqual(0.0));
                double[] layerBest = tau.min(1).toDoubleVector();
                for (int i = 0; i < rows; i++) {
                    best[i] = Math.min(best[i], layerBest[i]);
                }
            }
            return best;
        }
    }
}
