package dev.cusp.core.attack;

import dev.cusp.core.model.Classifier;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Classifier} as an {@link AttackModel}: its logits (pre-softmax) and vector–Jacobian products,
 * returned in the data type of the attack's inputs.
 */
public record ClassifierModel(Classifier classifier) implements AttackModel {

    public ClassifierModel {
        if (classifier == null) {
            throw new IllegalArgumentException("a classifier is required");
        }
    }

    public static ClassifierModel of(Classifier classifier) {
        return new ClassifierModel(classifier);
    }

    @Override
    public int inputSize() {
        return classifier.inputSize();
    }

    @Override
    public int classes() {
        return classifier.classes();
    }

    @Override
    public int[] inputShape() {
        return classifier.inputShape();
    }

    @Override
    public INDArray logits(INDArray x) {
        INDArray logits = classifier.logits(x);
        return logits.dataType() == x.dataType() ? logits : logits.castTo(x.dataType());
    }

    @Override
    public boolean sharesForwardPass() {
        return classifier.sharesForwardPass();
    }

    @Override
    public Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        Classifier.Evaluation e = classifier.logitsAndVectorJacobian(x, seedOfLogits);
        return new Evaluation(castTo(e.logits(), x), castTo(e.gradient(), x));
    }

    private static INDArray castTo(INDArray array, INDArray like) {
        return array.dataType() == like.dataType() ? array : array.castTo(like.dataType());
    }

    @Override
    public INDArray vectorJacobian(INDArray x, INDArray seed) {
        INDArray gradient = classifier.vectorJacobian(x, seed);
        return gradient.dataType() == x.dataType() ? gradient : gradient.castTo(x.dataType());
    }
}
