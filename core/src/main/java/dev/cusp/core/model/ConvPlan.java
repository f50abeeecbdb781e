package dev.cusp.core.model;

import dev.cusp.core.linalg.Blas;
import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.model.ConvNetwork.Convolution;
import dev.cusp.core.model.ConvNetwork.Dense;
import dev.cusp.core.model.ConvNetwork.Pooling;
import dev.cusp.core.model.ConvNetwork.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvNetwork}'s forward and backward passes for one batch size with every array allocated and every op's
 * context built once, so that a call runs the ops and Java loops alone. At a few examples the passes' arithmetic is
 * a small part of their cost; the rest is ND4J's Java side per array and per op (shape buffers, op builders,
 * contexts, native allocation, the garbage collector's reference processing: docs/performance.md), which a plan
 * pays once. The same ops run in the same order on the same values as {@link ConvNetwork}'s own passes, so the
 * results are identical. A plan is not thread-safe: {@link ConvNetwork} keeps one per thread and batch size.
 */
final class ConvPlan {
    /**
     * Plans serve batches of at most this many rows. The benchmark CNN's gradients on a plan against the general
     * path, interleaved: 3,100–3,400 against 1,180–1,290 per second at batch 1, 1.8× at 4, 1.4× at 8, 1.25× at 32;
     * a plan costs about one call of the general path to build (0.4 ms at 1 row, 1.1 ms at 32).
     */
    static final int MAX_ROWS = 32;

    private final INDArray input;
    private final INDArray logits;
    private final INDArray seed;
    private final INDArray gradient;
    private final List<Runnable> forward = new ArrayList<>();
    private final List<Runnable> backward = new ArrayList<>();
    /** Every array and context made here, freed by {@link #close}. */
    private final List<INDArray> arrays = new ArrayList<>();
    private final List<OpContext> contexts = new ArrayList<>();

    /** The plan of {@code stages} ({@link #supports}) for batches of {@code rows} examples of {@code type}. */
    ConvPlan(List<Stage> stages, int[] inputShape, int rows, DataType type) {
        input = array(type, rows, inputShape[0], inputShape[1], inputShape[2]);
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        List<INDArray> derivatives = new ArrayList<>();
        INDArray a = input;
        INDArray out = null;
        for (Stage stage : stages) {
            inputs.add(a);
            INDArray derivative = null;
            if (stage instanceof Convolution conv) {
                out = array(type, ConvNetwork.convolutionShape(a.shape(), conv));
                forward.add(run("conv2d", ConvNetwork.window(conv.kernel(), conv.stride(), conv.padding(), 1),
                        conv.bias() == null ? new INDArray[] {a, conv.weights()} : new INDArray[] {a, conv.weights(),
                            conv.bias()}, out));
                derivative = activation(out, conv.activation(), null);
            } else if (stage instanceof Pooling pool) {
                out = array(type, ConvNetwork.poolingShape(a.shape(), pool));
                forward.add(run("maxpool2d", ConvNetwork.poolWindow(pool), new INDArray[] {a}, out));
                derivative = activation(out, pool.activation(), null);
            } else {
                Dense dense = (Dense) stage;
                INDArray matrix = a.reshape('c', rows, a.length() / rows);
                out = array(type, rows, dense.weights().columns());
                INDArray z = out;
                forward.add(() -> Blas.multiplyInto(matrix, false, dense.weights(), false, 0, z));
                if (dense.activation() != null) {
                    derivative = activation(out, dense.activation(), dense.bias());
                } else if (dense.bias() != null) {
                    forward.add(() -> DenseNetwork.addBias(z, dense.bias()));
                }
            }
            outputs.add(out);
            derivatives.add(derivative);
            a = out;
        }
        logits = out;
        seed = array(type, logits.shape());
        INDArray g = seed;
        for (int l = stages.size() - 1; l >= 0; l--) {
            Stage stage = stages.get(l);
            INDArray upstream = g.reshape('c', outputs.get(l).shape());
            INDArray derivative = derivatives.get(l);
            if (derivative != null) {
                INDArray matrix = upstream.reshape('c', rows, upstream.length() / rows);
                backward.add(() -> DenseNetwork.multiplyInPlace(matrix, derivative));
            }
            INDArray in = inputs.get(l);
            INDArray next = stage instanceof Dense ? array(type, rows, in.length() / rows) : array(type, in.shape());
            if (stage instanceof Convolution conv && in.size(1) == 1) {
                int taps = conv.kernel()[0] * conv.kernel()[1];
                long[] map = upstream.shape();
                INDArray filters = conv.weights().reshape('c', map[1], taps);
                INDArray maps = upstream.reshape('c', rows, map[1], map[2] * map[3]);
                INDArray columns = array(type, rows, taps, map[2] * map[3]);
                backward.add(() -> Blas.multiplyEachInto(filters, true, maps, columns));
                backward.add(run("col2im", ConvNetwork.columnArguments(conv, next.shape()), new INDArray[] {
                    columns.reshape('c', rows, 1, conv.kernel()[0], conv.kernel()[1], map[2], map[3])}, next));
            } else if (stage instanceof Convolution conv) {
                backward.add(run("deconv2d", ConvNetwork.window(conv.kernel(), conv.stride(), conv.padding(), 1),
                        new INDArray[] {upstream, conv.weights()}, next));
            } else if (stage instanceof Pooling pool) {
                backward.add(run("maxpool2d_bp", ConvNetwork.poolWindow(pool),
                        new INDArray[] {in, upstream}, next));
            } else {
                INDArray matrix = upstream.reshape('c', rows, upstream.length() / rows);
                backward.add(() -> Blas.multiplyInto(matrix, false, ((Dense) stage).weights(), true, 0, next));
            }
            g = next;
        }
        gradient = g.reshape('c', rows, g.length() / rows);
    }

    /**
     * Whether {@code stages} can be planned: not where a transposed convolution's forward window left input rows or
     * columns out (the general path crops there).
     */
    static boolean supports(List<Stage> stages, int[] inputShape) {
        long[] shape = {1, inputShape[0], inputShape[1], inputShape[2]};
        for (Stage stage : stages) {
            if (stage instanceof Convolution conv) {
                long[] out = ConvNetwork.convolutionShape(shape, conv);
                if (shape[1] != 1 && !ConvNetwork.covers(conv, out, shape)) {
                    return false;
                }
                shape = out;
            } else if (stage instanceof Pooling pool) {
                shape = ConvNetwork.poolingShape(shape, pool);
            }
        }
        return true;
    }

    DataType dataType() {
        return input.dataType();
    }

    /** The logits of {@code x} [rows, c·h·w] as a new array. */
    INDArray logits(INDArray x) {
        input.reshape('c', x.rows(), x.columns()).assign(x);
        forward.forEach(Runnable::run);
        return logits.dup();
    }

    /** Logits and the seeded input gradient of {@code x}, as new arrays ({@link FastPath#evaluate}). */
    Classifier.Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        INDArray values = logits(x);
        seed.assign(seedOfLogits.apply(values));
        backward.forEach(Runnable::run);
        return new Classifier.Evaluation(values, gradient.dup());
    }

    /** σ of {@code out} (+ bias) in place with σ' into an array made here (returned), or null without activation. */
    private INDArray activation(INDArray out, DenseActivation activation, INDArray bias) {
        if (activation == null) {
            return null;
        }
        INDArray matrix = out.reshape('c', out.size(0), out.length() / out.size(0));
        INDArray derivative = array(out.dataType(), matrix.shape());
        forward.add(() -> activation.activateInPlace(matrix, bias, derivative));
        return derivative;
    }

    /** Frees the plan's arrays and op contexts now; the plan must not be used after. */
    void close() {
        arrays.forEach(Buffers::release);
        for (OpContext context : contexts) {
            try {
                context.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not free an op context", e);
            }
        }
    }

    /** A zeroed array owned by the plan. */
    private INDArray array(DataType type, long... shape) {
        INDArray array = Nd4j.create(type, shape);
        arrays.add(array);
        return array;
    }

    /** The libnd4j op {@code name} on fixed arrays and arguments, its context built once. */
    private Runnable run(String name, int[] arguments, INDArray[] inputs, INDArray output) {
        DynamicCustomOp op = DynamicCustomOp.builder(name).build();
        OpContext context = Nd4j.getExecutioner().buildContext();
        contexts.add(context);
        long[] integers = new long[arguments.length];
        for (int i = 0; i < integers.length; i++) {
            integers[i] = arguments[i];
        }
        context.setIArguments(integers);
        context.setInputArrays(inputs);
        context.setOutputArrays(output);
        return () -> Nd4j.exec(op, context);
    }
}
