package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/** The curvature record says how its Hessian-vector products were computed. */
class HessianTierTest {
    private static final long SEED = 23;

    @Test
    void denseNetworksGetExactProductsAndOthersCentralDifferences() {
        Classifier dense = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 30, 8, 3));
        Classifier cnn = Classifier.of(TestModels.tinyCnn(SEED, Activation.TANH));
        LabeledData data = SingularityShardRunnerTest.uniform(12, 30, 3, 0, 1, SEED);

        Curvature exact = HessianTier.curvature(dense, data, 3);
        Curvature differences = HessianTier.curvature(cnn, data, 3);

        assertThat(exact.products()).isEqualTo(Curvature.EXACT);
        assertThat(differences.products()).isEqualTo(Curvature.CENTRAL_DIFFERENCES);
        assertThat(exact.hessianVectorProducts()).isPositive();
        assertThat(differences.hessianVectorProducts()).isPositive();
    }
}
