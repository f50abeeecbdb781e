package dev.cusp.core.attack.loss;

import dev.cusp.core.attack.Criterion;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-example objective of the logits that an attack maximises, with its derivative: the seed
 * dL/dlogits that {@code AttackModel.vectorJacobian} turns into the input gradient.
 */
public interface Loss {

    /** Name used in reports, e.g. {@code ce}, {@code dlr}. */
    String name();

    /** Loss per example [n,1] (larger = closer to adversarial). */
    INDArray value(INDArray logits, Criterion criterion);

    /** dL/dlogits [n,c]. */
    INDArray seed(INDArray logits, Criterion criterion);

    /** Value [n,1] and seed [n,c] together (losses that share work between them override this). */
    default Evaluation evaluate(INDArray logits, Criterion criterion) {
        return new Evaluation(value(logits, criterion), seed(logits, criterion));
    }

    /** A loss value per example and its derivative with respect to the logits. */
    record Evaluation(INDArray value, INDArray seed) {
    }
}
