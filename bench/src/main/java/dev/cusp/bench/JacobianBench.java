package dev.cusp.bench;

import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.diff.Spectra;
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

/**
 * Full logit Jacobians (10×784, FLOAT) and their singular values (DOUBLE, LAPACK) for a batch of 256 examples;
 * one operation = 256 Jacobians (or spectra).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JacobianBench {
    public static final int BATCH = 256;

    @Param({"mlp", "cnn"})
    public String model;

    /** Core's oneDNN convolution helpers (on by default) or DL4J's built-in convolution; the MLP has no convolution. */
    @Param({"on", "off"})
    public String onednn;

    private Classifier classifier;
    private INDArray x;
    private INDArray jacobiansDouble;

    @Setup
    public void setUp() {
        BenchModels.oneDnnHelpers(onednn);
        classifier = BenchModels.byName(model, DataType.FLOAT);
        x = BenchModels.batch(BATCH, DataType.FLOAT)[0];
        jacobiansDouble = Jacobians.logits(classifier, x).castTo(DataType.DOUBLE);
    }

    /**
     * One batch of Jacobians, freed once read (as PyTorch frees a tensor when its last reference goes): memory that
     * waits for the garbage collector is not reused, and fresh memory costs page faults on first touch.
     */
    @Benchmark
    public double logitJacobians() {
        INDArray jacobians = Jacobians.logits(classifier, x);
        double first = jacobians.getDouble(0, 0, 0);
        Buffers.release(jacobians);
        return first;
    }

    @Benchmark
    public double[][] jacobianSpectra() {
        return Spectra.singularValues(jacobiansDouble);
    }
}
