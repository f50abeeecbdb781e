package dev.cusp.core.attack.loss;

import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Cross-entropy: CE(z, y) to leave the label, −CE(z, t) to reach a target (softmax of the logits). */
public final class CrossEntropy implements Loss {

    public static final CrossEntropy INSTANCE = new CrossEntropy();

    private CrossEntropy() {
    }

    @Override
    public String name() {
        return "ce";
    }

    @Override
    public INDArray value(INDArray logits, Criterion criterion) {
        INDArray reference = Tensors.oneHot(criterion.referenceClasses(), (int) logits.columns(), logits.dataType());
        INDArray max = logits.max(true, 1);
        INDArray shifted = logits.subColumnVector(max);
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false).addi(max);
        INDArray ce = logSumExp.subi(logits.mul(reference).sum(true, 1));
        return criterion.targeted() ? ce.negi() : ce;
    }

    @Override
    public INDArray seed(INDArray logits, Criterion criterion) {
        INDArray reference = Tensors.oneHot(criterion.referenceClasses(), (int) logits.columns(), logits.dataType());
        INDArray gradient = Transforms.softmax(logits, true).subi(reference);
        return criterion.targeted() ? gradient.negi() : gradient;
    }
}
