package dev.cusp.core.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The linear "loss" L = Σ labels ⊙ σ(z): its gradient with respect to the activations is the labels
 * themselves, so with an identity output activation backpropagation starts from the given seed and
 * {@code calculateGradients} returns a vector–Jacobian product (shared/research/spike-dl4j.md §4).
 */
final class SeedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray output = activationFn.getActivation(preOutput.dup(), false);
        INDArray terms = output.muli(labels);
        if (mask != null) {
            terms.muliColumnVector(mask.reshape(mask.length(), 1).castTo(terms.dataType()));
        }
        return terms.sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = activationFn.backprop(preOutput.dup(), labels.dup()).getFirst();
        if (mask != null) {
            gradient.muliColumnVector(mask.reshape(mask.length(), 1).castTo(gradient.dataType()));
        }
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "SeedLoss";
    }

    @Override
    public String toString() {
        return "SeedLoss()";
    }
}
