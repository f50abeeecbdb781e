package dev.cusp.core.singularity;

import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.input.GradientHealth;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.singularity.input.KinkDistance;
import dev.cusp.core.singularity.input.LinearisedBoundaries;
import dev.cusp.core.singularity.input.MarginGeometry;
import dev.cusp.core.singularity.input.RankCertificate;
import dev.cusp.core.singularity.input.ReluNetwork;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The cheap tier of the per-point analysis, batched over points of one model in DOUBLE: logit Jacobians (one
 * batched reverse pass), their spectra, the margin against the reference class and its first-order distances,
 * the DeepFool facets, the gradient health and, for dense ReLU networks, the exact kink distance and region
 * rank certificate.
 */
public final class PointAnalyzer {

    private final Classifier model;
    private final ReluNetwork relu;

    public PointAnalyzer(Classifier model) {
        this.model = model.inDouble();
        this.relu = ReluNetwork.isReluMlp(this.model.network()) ? ReluNetwork.of(this.model.network()) : null;
    }

    /** True when the exact ReLU analyses (kinks, regions, certificate) apply to this model. */
    public boolean piecewiseLinear() {
        return relu != null;
    }

    /** The dense ReLU form of the model, or null. */
    public ReluNetwork reluNetwork() {
        return relu;
    }

    /**
     * Evidence at every row of x [n,d].
     *
     * @param reference per row, the class the margin is measured against (the example's label)
     */
    public List<PointEvidence> analyse(INDArray x, int[] reference) {
        if (x.rank() != 2 || x.rows() != reference.length) {
            throw new IllegalArgumentException("need one reference class per input row: " + reference.length
                    + " classes for inputs " + java.util.Arrays.toString(x.shape()));
        }
        INDArray input = x.castTo(DataType.DOUBLE);
        int n = reference.length;
        INDArray logits = model.logits(input);
        int[] predicted = model.predict(input);
        INDArray jac = Jacobians.logits(model, input);
        List<GradientHealth> health = GradientHealth.of(model, input, reference);
        List<MarginGeometry> margins = MarginGeometry.fromJacobians(logits, jac, reference);
        List<LinearisedBoundaries> facets = model.classes() >= 3 ? LinearisedBoundaries.of(logits, jac) : null;
        List<KinkDistance> kinks = relu == null ? null : KinkDistance.of(relu, input);
        List<RankCertificate> certificates = relu == null ? null : RankCertificate.of(relu, input);
        double[] inputNorms = input.norm2(1).toDoubleVector();
        double[] frobenius = jac.reshape(n, jac.size(1) * jac.size(2)).norm2(1).toDoubleVector();
        List<JacobianSpectrum> spectra = spectra(jac);
        List<PointEvidence> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JacobianSpectrum spectrum = spectra.get(i);
            out.add(new PointEvidence(predicted[i], inputNorms[i], spectrum, frobenius[i], margins.get(i),
                    facets == null ? null : facets.get(i), kinks == null ? null : kinks.get(i),
                    certificates == null ? null : certificates.get(i), health.get(i), Double.NaN, Double.NaN, null, null));
        }
        return out;
    }

    /** Spectra of all Jacobians in one batch when all are finite, else per example with null where not. */
    private static List<JacobianSpectrum> spectra(INDArray jac) {
        if (!BooleanIndexing.or(jac, Conditions.notFinite())) {
            return JacobianSpectrum.of(jac);
        }
        List<JacobianSpectrum> out = new ArrayList<>();
        for (int i = 0; i < jac.size(0); i++) {
            INDArray ji = jac.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all());
            out.add(BooleanIndexing.or(ji, Conditions.notFinite()) ? null : JacobianSpectrum.of(ji).get(0));
        }
        return out;
    }
}
