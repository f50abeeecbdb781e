package dev.cusp.core.attack;

import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small classifier trained once per test JVM on a Fashion-MNIST subset, for the attack tests that need a
 * real (non-linear, non-robust) model: 784-64-10 ReLU/softmax, FLOAT, Adam 10⁻³, batch 100, 4 epochs on 4,000
 * seeded training images; attacked on 100 seeded test images.
 */
public final class TrainedModels {

    /** The trained network and the test examples the attack tests use. */
    public record Fixture(Classifier classifier, AttackModel model, LabeledData test, double testAccuracy) {
    }

    public static final long SEED = 20_240_601L;

    private static Fixture fashion;

    private TrainedModels() {
    }

    /** Trains on first use (a few seconds), then returns the same fixture. */
    public static synchronized Fixture fashionMlp() {
        if (fashion == null) {
            fashion = train();
        }
        return fashion;
    }

    private static Fixture train() {
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train")
                .select(ExampleSampler.sample(60_000, 8_000, SEED));
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test")
                .select(ExampleSampler.sample(10_000, 100, SEED + 1));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(128).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        DataSet all = new DataSet(train.features(), train.oneHot());
        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataSet batch : all.batchBy(100)) {
                network.fit(batch);
            }
        }
        Classifier classifier = Classifier.of(network);
        int[] predicted = classifier.predict(test.features());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        return new Fixture(classifier, ClassifierModel.of(classifier), test, correct / (double) predicted.length);
    }
}
