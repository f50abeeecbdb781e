package dev.cusp.core.singularity;

import dev.cusp.core.model.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Logit Jacobians [n,c,d] assembled from c one-hot vector–Jacobian products per example (test oracle). */
public final class VjpJacobians {

    private VjpJacobians() {
    }

    public static INDArray of(Classifier model, INDArray x) {
        int n = (int) x.size(0);
        int c = model.classes();
        INDArray rows = x.repeat(0, c);
        INDArray seeds = Nd4j.tile(Nd4j.eye(c).castTo(model.dataType()), n, 1);
        return model.vectorJacobian(rows, seeds).reshape(n, c, x.size(1));
    }
}
