package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * When an input counts as adversarial, as an object of its own (Foolbox 3's criteria): leave the label
 * ({@link Misclassification}) or reach a target class ({@link TargetedMisclassification}).
 *
 * <p>Every criterion has a reference class r per example and a sign s (+1: leave r, −1: reach r); its margin is
 * s·(z_r − max_{j≠r} z_j), negative exactly when the input is adversarial (up to ties).
 */
public sealed interface Criterion permits Misclassification, TargetedMisclassification {

    /** Number of examples. */
    int size();

    /** True labels, one per example. */
    int[] labels();

    /** The class whose logit the margin is measured from: the label, or the target. */
    int[] referenceClasses();

    /** True when the attack must reach {@link #referenceClasses()} rather than leave them. */
    boolean targeted();

    /** The same criterion restricted to the given example rows. */
    Criterion select(int[] rows);

    /** Per row of logits [n,c]: is the prediction (arg-max) adversarial? */
    default boolean[] isAdversarial(INDArray logits) {
        int[] predicted = Tensors.argMax(logits);
        int[] reference = referenceClasses();
        boolean[] adversarial = new boolean[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            adversarial[i] = targeted() ? predicted[i] == reference[i] : predicted[i] != reference[i];
        }
        return adversarial;
    }

    /** Per-row margin [n,1]: s·(z_r − max_{j≠r} z_j); negative means adversarial. */
    default INDArray margin(INDArray logits) {
        INDArray reference = Tensors.oneHot(referenceClasses(), (int) logits.columns(), logits.dataType());
        INDArray own = logits.mul(reference).sum(true, 1);
        INDArray others = Tensors.maxExcluding(logits, reference);
        INDArray margin = own.subi(others);
        return targeted() ? margin.negi() : margin;
    }
}
