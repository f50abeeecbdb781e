package dev.cusp.core.attack.loss;

import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Tensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Difference-of-logits-ratio loss of Croce &amp; Hein 2020 (eq. 6 and its targeted form), invariant to shifting
 * and scaling the logits. With π the classes sorted by logit:
 * untargeted −(z_y − max_{j≠y} z_j)/(z_π1 − z_π3 + 10⁻¹²);
 * targeted −(z_y − z_t)/(z_π1 − (z_π3 + z_π4)/2 + 10⁻¹²).
 */
public final class Dlr implements Loss {

    public static final Dlr INSTANCE = new Dlr();

    /** The denominator's guard, as in the reference implementation. */
    public static final double GUARD = 1e-12;

    private Dlr() {
    }

    @Override
    public String name() {
        return "dlr";
    }

    @Override
    public INDArray value(INDArray logits, Criterion criterion) {
        Parts p = parts(logits, criterion);
        return p.numerator.div(p.denominator).negi();
    }

    @Override
    public INDArray seed(INDArray logits, Criterion criterion) {
        return seed(parts(logits, criterion));
    }

    @Override
    public Evaluation evaluate(INDArray logits, Criterion criterion) {
        Parts p = parts(logits, criterion);
        return new Evaluation(p.numerator.div(p.denominator).negi(), seed(p));
    }

    private static INDArray seed(Parts p) {
        // d(−N/D) = −dN/D + N·dD/D²
        INDArray inverse = p.denominator.rdiv(1.0);
        INDArray first = p.numeratorGradient.mulColumnVector(inverse).negi();
        INDArray second = p.denominatorGradient.mulColumnVector(p.numerator.mul(inverse).muli(inverse));
        return first.addi(second);
    }

    private record Parts(INDArray numerator, INDArray denominator, INDArray numeratorGradient,
            INDArray denominatorGradient) {
    }

    private static Parts parts(INDArray logits, Criterion criterion) {
        int c = (int) logits.columns();
        int needed = criterion.targeted() ? 4 : 3;
        if (c < needed) {
            throw new IllegalArgumentException("the " + (criterion.targeted() ? "targeted " : "")
                    + "DLR loss needs at least " + needed + " classes, the model has " + c);
        }
        DataType type = logits.dataType();
        INDArray label = Tensors.oneHot(criterion.labels(), c, type);
        INDArray other = criterion.targeted()
                ? Tensors.oneHot(criterion.referenceClasses(), c, type)
                : Tensors.oneHot(Tensors.argMaxExcluding(logits, label), c, type);
        INDArray[] ranked = ranked(logits, criterion.targeted() ? 4 : 3);
        INDArray numeratorGradient = label.sub(other);
        INDArray denominatorGradient = criterion.targeted()
                ? ranked[0].sub(ranked[2].add(ranked[3]).muli(0.5))
                : ranked[0].sub(ranked[2]);
        INDArray numerator = logits.mul(numeratorGradient).sum(true, 1);
        INDArray denominator = logits.mul(denominatorGradient).sum(true, 1).addi(GUARD);
        return new Parts(numerator, denominator, numeratorGradient, denominatorGradient);
    }

    /** One-hot rows of the classes ranked 1..k by logit. */
    private static INDArray[] ranked(INDArray logits, int k) {
        int c = (int) logits.columns();
        INDArray taken = Nd4j.zerosLike(logits);
        INDArray[] out = new INDArray[k];
        for (int r = 0; r < k; r++) {
            out[r] = Tensors.oneHot(Tensors.argMaxExcluding(logits, taken), c, logits.dataType());
            taken.addi(out[r]);
        }
        return out;
    }
}
