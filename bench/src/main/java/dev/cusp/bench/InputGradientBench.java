package dev.cusp.bench;

import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.model.Classifier;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Input-gradient evaluations (∂CE/∂x, FLOAT) per second; one call handles {@code batch} examples. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InputGradientBench {
    @Param({"mlp", "cnn"})
    public String model;

    @Param({"1", "32", "256", "1024"})
    public int batch;

    /** Core's oneDNN convolution helpers (on by default) or DL4J's built-in convolution; the MLP has no convolution. */
    @Param({"on", "off"})
    public String onednn;

    private Classifier classifier;
    private INDArray x;
    private INDArray y;

    @Setup
    public void setUp() {
        BenchModels.oneDnnHelpers(onednn);
        classifier = BenchModels.byName(model, DataType.FLOAT);
        INDArray[] xy = BenchModels.batch(batch, DataType.FLOAT);
        x = xy[0];
        y = xy[1];
    }

    /** One batch of gradients, freed once read (see {@link JacobianBench#logitJacobians}). */
    @Benchmark
    public double inputGradient() {
        INDArray gradient = classifier.lossGradient(x, y);
        double first = gradient.getDouble(0, 0);
        Buffers.release(gradient);
        return first;
    }
}
