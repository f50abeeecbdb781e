package dev.cusp.core.job;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.diff.Spectra;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Geometry of the logit map, in DOUBLE, at each example's clean input and at its adversarial input (the
 * shard's {@link AdversarialBatch}): all singular values of J = ∂f/∂x (descending), κ = σ₁/σ_min(c,d)
 * (+∞ when the smallest is 0), the margin f_y − max_{j≠y} f_j for the label y, and the predicted class.
 */
public final class GeometryShardRunner {
    /** Tiers this runner computes; both are always computed together. */
    public static final List<String> SUPPORTED_TIERS = List.of(SingularityPlan.SPECTRUM, SingularityPlan.MARGIN);
    /** Examples per Jacobian batch, bounding memory to CHUNK·c·d doubles. */
    static final int CHUNK = 64;

    public static SingularityResults run(Classifier model, LabeledData data, AttackResults results) {
        if (results == null || results.exampleIndices() == null || results.exampleIndices().length == 0) {
            throw new IllegalArgumentException("attack results with at least one example index are required");
        }
        checkTiers(results.singularityPlan());
        AttackShardRunner.checkCompatible(model, data);
        Classifier exact = model.inDouble();
        int[] indices = results.exampleIndices();
        LabeledData shard = data.select(indices);
        List<PointGeometry> points = new ArrayList<>(2 * indices.length);
        points.addAll(geometry(exact, shard.features(), shard, indices, PointGeometry.CLEAN));
        AdversarialBatch batch = results.adversarial();
        if (batch != null) {
            points.addAll(geometry(exact, decode(batch, indices.length, model.inputSize()), shard, indices,
                    PointGeometry.ADVERSARIAL));
        }
        return new SingularityResults(SingularityResults.SCHEMA_VERSION, results.jobId(), results.shardNo(),
                results.shardCount(), points);
    }

    private static List<PointGeometry> geometry(Classifier exact, INDArray inputs, LabeledData shard, int[] indices,
            String point) {
        INDArray x = inputs.castTo(DataType.DOUBLE);
        int n = indices.length;
        INDArray logits = exact.logits(x);
        int[] predicted = logits.argMax(1).castTo(DataType.INT).toIntVector();
        double[] margins = margins(logits, shard.oneHot().castTo(DataType.DOUBLE));
        List<PointGeometry> points = new ArrayList<>(n);
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            INDArray rows = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            double[][] sigma = Spectra.singularValues(Jacobians.logits(exact, rows));
            for (int i = start; i < end; i++) {
                double[] s = sigma[i - start];
                double smallest = s[s.length - 1];
                double kappa = smallest == 0 ? Double.POSITIVE_INFINITY : s[0] / smallest;
                points.add(new PointGeometry(indices[i], point, predicted[i], s, kappa, margins[i]));
            }
        }
        return points;
    }

    /** f_y − max_{j≠y} f_j per row: the label's logit minus the largest other (the label's masked to −MAX). */
    static double[] margins(INDArray logits, INDArray oneHot) {
        INDArray own = logits.mul(oneHot).sum(1);
        INDArray others = logits.add(oneHot.mul(-Double.MAX_VALUE)).max(1);
        return own.subi(others).toDoubleVector();
    }

    private static INDArray decode(AdversarialBatch batch, int rows, int columns) {
        if (!TensorCodec.ENCODING.equals(batch.encoding())) {
            throw new IllegalArgumentException("unsupported adversarial encoding '" + batch.encoding() + "', expected "
                    + TensorCodec.ENCODING);
        }
        if (batch.shape() == null || batch.shape().length != 2 || batch.shape()[0] != rows || batch.shape()[1] != columns) {
            throw new IllegalArgumentException("adversarial batch has shape " + Arrays.toString(batch.shape())
                    + ", expected [" + rows + ", " + columns + "]");
        }
        return TensorCodec.decode(batch.shape(), batch.data());
    }

    private static void checkTiers(SingularityPlan plan) {
        if (plan == null || plan.tiers() == null) {
            return;
        }
        for (String tier : plan.tiers()) {
            if (!SUPPORTED_TIERS.contains(tier)) {
                throw new IllegalArgumentException("unsupported singularity tier '" + tier + "'; supported: "
                        + String.join(", ", SUPPORTED_TIERS));
            }
        }
    }

    private GeometryShardRunner() {
    }
}
