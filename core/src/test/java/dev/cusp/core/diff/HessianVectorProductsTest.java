package dev.cusp.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.testing.TestModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class HessianVectorProductsTest {

    @Test
    void quadraticLossGivesItsMatrixTimesTheVector() {
        // L = ½θᵀAθ has ∇L = Aθ, linear: central differences are exact up to round-off ε·‖A‖‖θ‖/h ≈ 1e-10
        double[][] a = TestMatrices.multiply(TestMatrices.gaussian(6, 6, 1.0, 1), TestMatrices.transpose(TestMatrices.gaussian(6, 6, 1.0, 1)));
        INDArray matrix = Nd4j.createFromArray(a);
        HessianVectorProducts hvp = new HessianVectorProducts(theta -> matrix.mmul(theta.reshape(6, 1)).reshape(6),
                Nd4j.createFromArray(TestMatrices.gaussian(1, 6, 1.0, 2)[0]));
        INDArray v = Nd4j.createFromArray(TestMatrices.gaussian(1, 6, 1.0, 3)[0]);
        INDArray expected = matrix.mmul(v.reshape(6, 1)).reshape(6);
        assertThat(hvp.apply(v).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-8);
    }

    @Test
    void softmaxRegressionLossMatchesTheClosedFormHessian() {
        // Softmax regression z = xW + b with mean cross-entropy: for a direction (dW, db), dz = x·dW + db,
        // dp_i = (diag(p_i) − p_i p_iᵀ)·dz_i, H·(dW, db) = (xᵀdp/N, Σ dp/N). Central differences of DL4J's
        // gradient with h ≈ 1e-5: truncation h²·|L''''| ≈ 1e-10, so 1e-7 absolute.
        MultiLayerNetwork net = TestModels.mlp(11, DataType.DOUBLE, Activation.IDENTITY, 4, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(20, 4, 1.0, 12));
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 20, 3);
        for (int i = 0; i < 20; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        INDArray before = net.params().dup();
        HessianVectorProducts hvp = HessianVectorProducts.ofLoss(net, x, y);
        INDArray direction = Nd4j.createFromArray(TestMatrices.gaussian(1, (int) net.numParams(), 1.0, 13)[0]);
        MultiLayerNetwork layout = net.clone();
        layout.setParams(direction.reshape(1, direction.length()));
        INDArray dW = layout.getParam("0_W");
        INDArray db = layout.getParam("0_b").reshape(1, 3);
        INDArray w = net.getParam("0_W");
        INDArray b = net.getParam("0_b").reshape(1, 3);
        INDArray p = Transforms.softmax(x.mmul(w).addiRowVector(b), true);
        INDArray dz = x.mmul(dW).addiRowVector(db);
        INDArray pdz = p.mul(dz).sum(true, 1);
        INDArray dp = p.mul(dz.subColumnVector(pdz));
        INDArray expectedW = x.transpose().mmul(dp).divi(20);
        INDArray expectedB = dp.sum(0).divi(20);
        layout.setParams(hvp.apply(direction).reshape(1, direction.length()));
        assertThat(layout.getParam("0_W").sub(expectedW).amaxNumber().doubleValue()).isLessThan(1e-7);
        assertThat(layout.getParam("0_b").reshape(3).sub(expectedB.reshape(3)).amaxNumber().doubleValue()).isLessThan(1e-7);
        // the caller's network is untouched
        assertThat(net.params().sub(before).amaxNumber().doubleValue()).isZero();
    }
}
