package dev.cusp.core.singularity.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TwoMoons;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalSet;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Cusp;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Window;
import dev.cusp.core.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Folds and cusps of real classifiers: the whole input plane of a two-moons tanh MLP and a slice of a wider MLP. */
class ClassifierSliceTest {

    static final long SEED = 1207L;
    static final Path PICTURES = Path.of("target", "slices");
    static Classifier moons;
    static double trainAccuracy;

    @BeforeAll
    static void trainTwoMoons() {
        LabeledData data = TwoMoons.generate(200, 0.1, SEED);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).updater(new Adam(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = data.features().castTo(DataType.DOUBLE);
        INDArray y = data.oneHot().castTo(DataType.DOUBLE);
        for (int step = 0; step < 200; step++) {
            net.fit(x, y);
        }
        moons = Classifier.of(net);
        int[] predicted = moons.predict(x);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == data.labels()[i] ? 1 : 0;
        }
        trainAccuracy = (double) correct / predicted.length;
    }

    @Test
    void twoMoonsModelIsTrained() {
        assertThat(trainAccuracy).isGreaterThan(0.95);
    }

    @Test
    void sliceJacobianMatchesFiniteDifferencesOfTheSliceMap() {
        // central differences of g in DOUBLE with h = 1e-6: error ~1e-10 for these O(1) maps; 1e-7 tolerance
        ClassifierSlice plane = ClassifierSlice.inputPlane(moons);
        assertJacobianMatches(plane, new double[][] {{0.2, 0.3}, {0.5, 0.5}, {0.9, 0.1}});
        Classifier wide = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.TANH, 12, 10, 5));
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 12);
        INDArray adv = x.add(Nd4j.rand(DataType.DOUBLE, 1, 12).subi(0.5));
        ClassifierSlice slice = ClassifierSlice.throughExample(wide, x, adv, SEED);
        assertJacobianMatches(slice, new double[][] {{0, 0}, {0.3, -0.2}, {1.1, 0.4}});
        assertThat(slice.smooth()).isTrue();
        double distance = adv.sub(x).norm2Number().doubleValue();
        assertThat(slice.inputAt(distance, 0).sub(adv).amaxNumber().doubleValue()).isLessThan(1e-14);
    }

    @Test
    void cuspsOfTheTwoMoonsPlaneAreStableUnderGridRefinement() throws Exception {
        ClassifierSlice plane = ClassifierSlice.inputPlane(moons);
        Window w = new Window(-0.25, 1.25, -0.25, 1.25);
        CriticalSet coarse = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(61)).detect(plane, w);
        CriticalSet fine = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(91)).detect(plane, w);
        assertThat(coarse.smooth()).isTrue();
        assertThat(coarse.curves()).isNotEmpty();
        assertThat(fine.cusps()).hasSameSizeAs(coarse.cusps());
        double coarseSpacing = 1.5 / 60;
        for (Cusp c : coarse.cusps()) {
            double nearest = fine.cusps().stream().mapToDouble(f -> Math.hypot(f.s() - c.s(), f.t() - c.t())).min().orElseThrow();
            // both are bisection-refined onto the same curve: they agree to well within one coarse spacing
            assertThat(nearest).isLessThan(coarseSpacing);
        }
        byte[] png = SliceRenderer.png(fine, plane, List.of(), SliceRenderer.Parameters.defaults());
        Files.createDirectories(PICTURES);
        Files.write(PICTURES.resolve("two-moons-tanh.png"), png);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(SliceRenderer.Parameters.SIZE);
    }

    @Test
    void sliceThroughAnExampleIsRenderedWithTheExampleAndItsAdversarialPoint() throws Exception {
        Classifier wide = Classifier.of(TestModels.mlp(SEED + 1, DataType.DOUBLE, Activation.TANH, 12, 10, 5));
        Nd4j.getRandom().setSeed(SEED + 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 12);
        INDArray adv = x.add(Nd4j.rand(DataType.DOUBLE, 1, 12).subi(0.5).muli(4));
        ClassifierSlice slice = ClassifierSlice.throughExample(wide, x, adv, SEED);
        double r = adv.sub(x).norm2Number().doubleValue();
        Window w = new Window(-1.5 * r, 2.5 * r, -2 * r, 2 * r);
        CriticalSet set = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(61)).detect(slice, w);
        byte[] png = SliceRenderer.png(set, slice, List.of(
                new SliceRenderer.Marker(0, 0, "x", false), new SliceRenderer.Marker(r, 0, "x_adv", true)),
                SliceRenderer.Parameters.defaults());
        Files.createDirectories(PICTURES);
        Files.write(PICTURES.resolve("mlp-slice.png"), png);
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getHeight()).isGreaterThan(SliceRenderer.Parameters.SIZE);
    }

    @Test
    void reluSliceIsPiecewiseLinearWithFoldEdgesAndNoCusps() {
        // det Dg is constant on every linear region: the critical set is made of region edges where its sign
        // flips, and Whitney's cusp test (which needs C³) is not applied.
        MultiLayerNetwork net = TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 2, 12, 12, 3);
        ClassifierSlice plane = ClassifierSlice.inputPlane(Classifier.of(net));
        assertThat(plane.smooth()).isFalse();
        CriticalSet set = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(61))
                .detect(plane, new Window(-2, 2, -2, 2));
        assertThat(set.smooth()).isFalse();
        assertThat(set.cusps()).isEmpty();
        assertThat(set.curves()).isNotEmpty();
        // every fold-edge point sits on a grid edge whose two ends lie in regions of opposite det sign, so a
        // ReLU kink crosses that edge: the exact kink distance is at most one grid spacing (4/60)
        double[][] pts = set.curves().stream().flatMap(c -> java.util.Arrays.stream(c.points())).toArray(double[][]::new);
        dev.cusp.core.singularity.input.ReluNetwork relu = dev.cusp.core.singularity.input.ReluNetwork.of(net);
        for (dev.cusp.core.singularity.input.KinkDistance k
                : dev.cusp.core.singularity.input.KinkDistance.of(relu, Nd4j.createFromArray(pts))) {
            assertThat(k.distanceL2()).isLessThanOrEqualTo(4.0 / 60);
        }
    }

    @Test
    void slicesWithOnlyOneOutputDirectionAreRankDeficientEverywhere() {
        // both rows of A equal: g = (m, m) has det Dg ≡ 0, every node is singular
        Classifier wide = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.TANH, 4, 6, 3));
        INDArray a = Nd4j.createFromArray(new double[][] {{1, -1, 0}, {1, -1, 0}});
        ClassifierSlice slice = new ClassifierSlice(wide, Nd4j.zeros(DataType.DOUBLE, 1, 4),
                Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}}), Nd4j.createFromArray(new double[][] {{0, 1, 0, 0}}), a);
        CriticalSet set = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(21))
                .detect(slice, new Window(-1, 1, -1, 1));
        assertThat(set.rankDeficientFraction()).isEqualTo(1.0);
    }

    private static void assertJacobianMatches(PlaneMap g, double[][] points) {
        double h = 1e-6;
        double[][][] jac = g.jacobians(points);
        for (int i = 0; i < points.length; i++) {
            for (int k = 0; k < 2; k++) {
                double[] plus = points[i].clone();
                double[] minus = points[i].clone();
                plus[k] += h;
                minus[k] -= h;
                double[][] v = g.values(new double[][] {plus, minus});
                for (int r = 0; r < 2; r++) {
                    assertThat(jac[i][r][k]).isCloseTo((v[0][r] - v[1][r]) / (2 * h), within(1e-7));
                }
            }
        }
    }
}
