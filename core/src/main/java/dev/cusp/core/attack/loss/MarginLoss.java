package dev.cusp.core.attack.loss;

import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The negative criterion margin, −s·(z_r − max_{j≠r} z_j): Carlini–Wagner's f₆ without the confidence clamp and
 * the "margin loss" of Square; positive exactly when the input is adversarial.
 */
public final class MarginLoss implements Loss {

    public static final MarginLoss INSTANCE = new MarginLoss();

    private MarginLoss() {
    }

    @Override
    public String name() {
        return "margin";
    }

    @Override
    public INDArray value(INDArray logits, Criterion criterion) {
        return criterion.margin(logits).negi();
    }

    @Override
    public INDArray seed(INDArray logits, Criterion criterion) {
        int c = (int) logits.columns();
        INDArray reference = Tensors.oneHot(criterion.referenceClasses(), c, logits.dataType());
        INDArray runnerUp = Tensors.oneHot(Tensors.argMaxExcluding(logits, reference), c, logits.dataType());
        INDArray gradient = runnerUp.subi(reference);
        return criterion.targeted() ? gradient.negi() : gradient;
    }
}
