package dev.cusp.core.diff;

import dev.cusp.core.model.DenseNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.testing.TestModels;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hessian–vector products of the mean cross-entropy: the exact R-operator products of dense networks against closed
 * forms, symmetry, and central differences of DL4J's gradient (at a step whose truncation error is known, and on
 * ReLU networks only where no activation switches inside the step).
 */
class HessianVectorProductsTest {

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7) % classes, 1.0);
        }
        return y;
    }

    private static INDArray direction(int length, long seed) {
        return Nd4j.createFromArray(TestMatrices.gaussian(1, length, 1.0, seed)[0]);
    }

    /** max |a − b| / max |b|. */
    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / b.amaxNumber().doubleValue();
    }

    @Test
    void quadraticLossGivesItsMatrixTimesTheVector() {
        // L = ½θᵀAθ has ∇L = Aθ, linear: central differences are exact up to round-off ε·‖A‖‖θ‖/h ≈ 1e-10
        double[][] a = TestMatrices.multiply(TestMatrices.gaussian(6, 6, 1.0, 1), TestMatrices.transpose(TestMatrices.gaussian(6, 6, 1.0, 1)));
        INDArray matrix = Nd4j.createFromArray(a);
        HessianVectorProducts hvp = new HessianVectorProducts(theta -> matrix.mmul(theta.reshape(6, 1)).reshape(6),
                Nd4j.createFromArray(TestMatrices.gaussian(1, 6, 1.0, 2)[0]));
        INDArray v = Nd4j.createFromArray(TestMatrices.gaussian(1, 6, 1.0, 3)[0]);
        INDArray expected = matrix.mmul(v.reshape(6, 1)).reshape(6);
        assertThat(hvp.method()).isEqualTo(HessianVectorProducts.Method.CENTRAL_DIFFERENCES);
        assertThat(hvp.apply(v).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-8);
    }

    @Test
    void softmaxRegressionLossMatchesTheClosedFormHessian() {
        // Softmax regression z = xW + b with mean cross-entropy: for a direction (dW, db), dz = x·dW + db,
        // dp_i = (diag(p_i) − p_i p_iᵀ)·dz_i, H·(dW, db) = (xᵀdp/N, Σ dp/N). The exact product is the same
        // arithmetic in another order: 1e-12. Central differences of DL4J's gradient with h ≈ 1e-5: truncation
        // h²·|L''''| ≈ 1e-10, so 1e-7 absolute.
        MultiLayerNetwork net = TestModels.mlp(11, DataType.DOUBLE, Activation.IDENTITY, 4, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(20, 4, 1.0, 12));
        INDArray y = oneHot(20, 3);
        INDArray before = net.params().dup();
        HessianVectorProducts exact = HessianVectorProducts.ofLoss(net, x, y);
        HessianVectorProducts differences = HessianVectorProducts.ofLossByDifferences(net, x, y,
                HessianVectorProducts.RELATIVE_STEP);
        assertThat(exact.method()).isEqualTo(HessianVectorProducts.Method.EXACT);
        INDArray direction = direction((int) net.numParams(), 13);
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
        for (var check : new Object[][] {{exact, 1e-12}, {differences, 1e-7}}) {
            layout.setParams(((HessianVectorProducts) check[0]).apply(direction).reshape(1, direction.length()));
            double tolerance = (double) check[1];
            assertThat(layout.getParam("0_W").sub(expectedW).amaxNumber().doubleValue()).isLessThan(tolerance);
            assertThat(layout.getParam("0_b").reshape(3).sub(expectedB.reshape(3)).amaxNumber().doubleValue())
                    .isLessThan(tolerance);
        }
        // the caller's network is untouched
        assertThat(net.params().sub(before).amaxNumber().doubleValue()).isZero();
    }

    enum Smooth {
        TANH(Activation.TANH), SIGMOID(Activation.SIGMOID);

        final Activation activation;

        Smooth(Activation activation) {
            this.activation = activation;
        }
    }

    @ParameterizedTest
    @EnumSource(Smooth.class)
    void exactProductEqualsCentralDifferencesOnASmoothNetwork(Smooth hidden) {
        // two hidden layers (σ'' terms on both), 30 examples, 5 directions. Central differences with h = 1e-5·‖θ‖/‖v‖
        // err by O(h²‖v‖³·|L'''|) truncation plus ε‖∇L‖/h round-off, both ≈ 1e-10 relative here: 1e-7 relative to
        // the largest entry of Hv leaves a wide margin while an error in any R-operator term (each O(1)) fails it.
        MultiLayerNetwork net = TestModels.mlp(21, DataType.DOUBLE, hidden.activation, 6, 5, 4, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(30, 6, 1.0, 22));
        INDArray y = oneHot(30, 3);
        HessianVectorProducts exact = HessianVectorProducts.ofLoss(net, x, y);
        HessianVectorProducts differences = HessianVectorProducts.ofLossByDifferences(net, x, y,
                HessianVectorProducts.RELATIVE_STEP);
        assertThat(exact.method()).isEqualTo(HessianVectorProducts.Method.EXACT);
        for (int k = 0; k < 5; k++) {
            INDArray v = direction(exact.dimension(), 23 + k);
            assertThat(relativeDifference(exact.apply(v), differences.apply(v))).as("direction %d", k).isLessThan(1e-7);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID", "LEAKYRELU"})
    void exactProductIsSymmetric(Activation hidden) {
        // uᵀHv = vᵀHu for the exact Hessian; both sides are sums of ~100 double products: 1e-12 relative
        MultiLayerNetwork net = TestModels.mlp(31, DataType.DOUBLE, hidden, 6, 5, 4, 3);
        HessianVectorProducts hvp = HessianVectorProducts.ofLoss(net,
                Nd4j.createFromArray(TestMatrices.gaussian(25, 6, 1.0, 32)), oneHot(25, 3));
        INDArray u = direction(hvp.dimension(), 33);
        INDArray v = direction(hvp.dimension(), 34);
        double uHv = u.mul(hvp.apply(v)).sumNumber().doubleValue();
        double vHu = v.mul(hvp.apply(u)).sumNumber().doubleValue();
        assertThat(Math.abs(uHv - vHu)).isLessThan(1e-12 * Math.abs(uHv));
        assertThat(hvp.products()).isEqualTo(2);
    }

    @Test
    void reluProductEqualsCentralDifferencesWhereNoUnitSwitchesInsideTheStep() {
        // With the activation pattern fixed the loss along θ + tv is smooth (logits polynomial in t), so central
        // differences converge to the exact product — provided no unit switches in [θ − hv, θ + hv], which the test
        // checks for every direction before comparing. A small step (1e-8 relative) keeps every unit away from its
        // kink; its round-off ε‖∇L‖/h ≈ 1e-8 relative sets the tolerance 1e-6.
        MultiLayerNetwork net = TestModels.mlp(41, DataType.DOUBLE, Activation.RELU, 6, 8, 6, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(30, 6, 1.0, 42));
        INDArray y = oneHot(30, 3);
        double relativeStep = 1e-8;
        HessianVectorProducts exact = HessianVectorProducts.ofLoss(net, x, y);
        HessianVectorProducts differences = HessianVectorProducts.ofLossByDifferences(net, x, y, relativeStep);
        INDArray theta = net.params().dup().reshape(net.numParams());
        int compared = 0;
        for (int k = 0; k < 5; k++) {
            INDArray v = direction(exact.dimension(), 43 + k);
            double h = relativeStep * Math.max(1, theta.norm2Number().doubleValue()) / v.norm2Number().doubleValue();
            if (!samePattern(net, x, theta.add(v.mul(h)), theta) || !samePattern(net, x, theta.sub(v.mul(h)), theta)) {
                continue;
            }
            assertThat(relativeDifference(exact.apply(v), differences.apply(v))).as("direction %d", k).isLessThan(1e-6);
            compared++;
        }
        assertThat(compared).as("directions without a switch inside the step").isEqualTo(5);
    }

    @Test
    void reluDifferencesAcrossAKinkAreSpuriousWhileTheExactProductIsNot() {
        // The cause of negative "top eigenvalues" on ReLU models: at the default step (1e-5 relative) some units of
        // a wide batch switch inside [θ − hv, θ + hv]; the gradient jumps there and the central quotient picks up
        // jump/2h. Along the same direction with the pattern frozen (a tiny step), differences agree with the
        // exact product again (1e-6 as above), so the disagreement at the large step is the kink, not the R-operator.
        MultiLayerNetwork net = TestModels.mlp(51, DataType.DOUBLE, Activation.RELU, 6, 32, 32, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(400, 6, 1.0, 52));
        INDArray y = oneHot(400, 3);
        INDArray theta = net.params().dup().reshape(net.numParams());
        HessianVectorProducts exact = HessianVectorProducts.ofLoss(net, x, y);
        INDArray v = direction(exact.dimension(), 53);
        double large = 1e-2;
        double h = large * Math.max(1, theta.norm2Number().doubleValue()) / v.norm2Number().doubleValue();
        assertThat(samePattern(net, x, theta.add(v.mul(h)), theta)).as("a unit switches within the large step").isFalse();
        INDArray reference = exact.apply(v);
        double acrossKinks = relativeDifference(
                HessianVectorProducts.ofLossByDifferences(net, x, y, large).apply(v), reference);
        double frozen = relativeDifference(HessianVectorProducts.ofLossByDifferences(net, x, y, 1e-9).apply(v), reference);
        assertThat(frozen).isLessThan(1e-6);
        assertThat(acrossKinks).isGreaterThan(1e-3);
    }

    @Test
    void ofLossTakesExactProductsOnlyForDenseCrossEntropyNetworks() {
        INDArray y = oneHot(4, 3);
        MultiLayerNetwork dense = TestModels.mlp(61, DataType.FLOAT, Activation.RELU, 30, 5, 3);
        assertThat(HessianVectorProducts.ofLoss(dense, Nd4j.rand(DataType.FLOAT, 4, 30), y).method())
                .isEqualTo(HessianVectorProducts.Method.EXACT);
        MultiLayerNetwork convolutional = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(62).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(6, 5, 1))
                .build());
        convolutional.init();
        assertThat(HessianVectorProducts.ofLoss(convolutional, Nd4j.rand(DataType.DOUBLE, 4, 30), y).method())
                .isEqualTo(HessianVectorProducts.Method.CENTRAL_DIFFERENCES);
        MultiLayerConfiguration squared = new NeuralNetConfiguration.Builder()
                .seed(63).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(30).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork mse = new MultiLayerNetwork(squared);
        mse.init();
        assertThat(HessianVectorProducts.ofLoss(mse, Nd4j.rand(DataType.DOUBLE, 4, 30), y).method())
                .isEqualTo(HessianVectorProducts.Method.CENTRAL_DIFFERENCES);
    }

    /** Whether every hidden ReLU of {@code net} is on the same side at parameters a and b for every row of x. */
    private static boolean samePattern(MultiLayerNetwork net, INDArray x, INDArray a, INDArray b) {
        return pattern(net, x, a).equals(pattern(net, x, b));
    }

    private static java.util.List<INDArray> pattern(MultiLayerNetwork net, INDArray x, INDArray theta) {
        MultiLayerNetwork copy = net.clone();
        copy.setParams(theta.reshape(1, theta.length()));
        return DenseNetwork.of(copy).orElseThrow().forward(x, false).derivatives();
    }
}
