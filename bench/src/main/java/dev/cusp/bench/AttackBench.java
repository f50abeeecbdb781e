package dev.cusp.bench;

import dev.cusp.core.attack.Fgsm;
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

/** Attacks on a batch of {@link #BATCH} examples; one operation = one attack run over the batch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AttackBench {
    public static final int BATCH = 64;

    @Param({"mlp", "cnn"})
    public String model;

    private Classifier classifier;
    private INDArray x;
    private INDArray oneHot;

    @Setup
    public void setUp() {
        classifier = BenchModels.byName(model, DataType.FLOAT);
        INDArray[] xy = BenchModels.batch(BATCH, DataType.FLOAT);
        x = xy[0];
        oneHot = xy[1];
    }

    @Benchmark
    public Object attackFgsm() {
        return Fgsm.perturb(classifier, x, oneHot, java.util.List.of(0.1));
    }
}
