package dev.cusp.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TwoMoons;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DemoTrainerTest {
    @TempDir
    Path dir;

    @Test
    void demoNetworkIsTheSpecifiedMlp() {
        Classifier model = Classifier.of(DemoTrainer.build(DemoTrainer.SEED));
        // (784·256 + 256) + (256·256 + 256) + (256·10 + 10) = 269,322 parameters.
        assertThat(model.parameterCount()).isEqualTo(269_322);
        assertThat(model.inputShape()).containsExactly(784);
        assertThat(model.classes()).isEqualTo(10);
        assertThat(model.dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void threeEpochsReachAtLeast85PercentTestAccuracyAndTheZipReloadsIdentically() throws Exception {
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        List<String> progress = new ArrayList<>();
        long start = System.nanoTime();
        MultiLayerNetwork network = DemoTrainer.train(train, DemoTrainer.EPOCHS, DemoTrainer.SEED, progress::add);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = DemoTrainer.accuracy(Classifier.of(network), test);
        System.out.printf("demo MLP: %s; test accuracy %.4f; training %.1f s%n", progress, accuracy, seconds);

        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).startsWith("epoch 1/3: mean training loss ");
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);

        Path zip = dir.resolve("models/demo.zip");
        DemoTrainerMain.write(network, zip);
        Classifier loaded = ModelLoader.load(Files.readAllBytes(zip), ModelLimits.defaults());
        assertThat(DemoTrainer.accuracy(loaded, test)).isEqualTo(accuracy);
        assertThat(Files.list(zip.getParent())).containsExactly(zip); // no partial file left behind
    }

    @Test
    void accuracyCountsCorrectPredictions() {
        double[][] w = {{1, 0}, {0, 1}};
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {0, 0}));
        LabeledData data = new LabeledData(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0.2f, 0.9f}}),
                new int[] {0, 1, 1, 0}, 2);
        assertThat(DemoTrainer.accuracy(model, data)).isEqualTo(0.5);
    }

    @Test
    void refusesDataOfAnotherShape() {
        LabeledData moons = TwoMoons.generate(10, 0.1, 1);
        assertThatThrownBy(() -> DemoTrainer.train(moons, 1, 1, line -> { }))
                .hasMessageContaining("784 features and 10 classes").hasMessageContaining("has 2 and 2");
    }
}
