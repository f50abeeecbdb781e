package dev.cusp.core.model;

import dev.cusp.core.linalg.Blas;
import dev.cusp.core.linalg.Buffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A convolutional classifier of DL4J layers (NCHW convolutions without dilation, max pooling, dense layers, a dense
 * softmax/identity output) run as libnd4j's ops, which the oneDNN build executes on oneDNN: {@code conv2d} forward,
 * and backward only what an input gradient needs — a convolution's input gradient and {@code maxpool2d_bp} for
 * pooling — where DL4J's backward pass also forms every weight gradient ({@code conv2d_bp}) and adds its per-layer
 * machinery. Tested equal to DL4J's passes.
 *
 * <p>Two rearrangements keep the arithmetic and save work on the largest maps (docs/performance.md):
 * <ul>
 * <li>A ReLU directly before max pooling is applied after it: max(relu(z)) = relu(max z) exactly, and the gradient is
 * routed to the same entry (a window's first maximum of z where it is positive; where it is not, relu' = 0 on both
 * orders), so σ and σ' run on the pooled map, a quarter of the size for 2×2 windows.
 * <li>The input gradient of a convolution with one input channel (the first layer on grey images), which oneDNN's
 * transposed convolution computes at a few GFLOP/s because it vectorises over channels, is one GEMM per example,
 * Wᵀ·∂out into the columns of every window, then {@code col2im} summing them into the image. Other convolutions use
 * the transposed convolution ({@code deconv2d}).
 * </ul>
 */
public final class ConvNetwork implements FastPath {

    /** One layer: a linear map, then an elementwise activation (none for pooling and the output layer). */
    sealed interface Stage permits Convolution, Pooling, Dense {
    }

    /**
     * Weights [out, in, kH, kW] (DL4J's layout), bias [out] or null (views of the network's parameters); stride,
     * padding as (h, w); activation null when it moved to the pooling after it.
     */
    record Convolution(INDArray weights, INDArray bias, int[] kernel, int[] stride, int[] padding,
            DenseActivation activation) implements Stage {
    }

    /** Max pooling, then {@code activation} (null for none): a ReLU moved here from the convolution before it. */
    record Pooling(int[] kernel, int[] stride, int[] padding, DenseActivation activation) implements Stage {
    }

    /** z = aW + b, then σ (null for the output layer, whose pre-activations are the logits). */
    record Dense(INDArray weights, INDArray bias, DenseActivation activation) implements Stage {
    }

    /**
     * A forward pass: each stage's input as it reads it (null where a pass made for the backward pass alone leaves
     * out a stage that is not pooling), each stage's σ' (null without activation) as [n, size],
     * the shape of each stage's output, the logits, and the arrays this pass allocated (freed by {@link #release}).
     */
    public record Pass(List<INDArray> inputs, List<INDArray> derivatives, List<long[]> outputShapes, INDArray logits,
            List<INDArray> owned) {
    }

    private final List<Stage> stages;
    private final int[] inputShape;
    /** Whether batches of up to {@link ConvPlan#MAX_ROWS} rows run on a plan ({@link ConvPlan#supports}). */
    private final boolean plannable;
    /**
     * This thread's plans by number of rows, the {@link #PLANS_PER_THREAD} used last (an attack's batch shrinks as
     * its examples succeed; each size it passes through costs a plan, freed when it falls out).
     */
    private final ThreadLocal<Map<Integer, ConvPlan>> plans = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, ConvPlan> eldest) {
                    if (size() > PLANS_PER_THREAD) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            });
    private static final int PLANS_PER_THREAD = 4;

    private ConvNetwork(List<Stage> stages, int[] inputShape) {
        this.stages = stages;
        this.inputShape = inputShape;
        this.plannable = ConvPlan.supports(stages, inputShape);
    }

    /**
     * The op view of {@code network} with input [channels, height, width], or empty when any layer is outside
     * what this class runs (then use DL4J); a network of dense layers only is {@link DenseNetwork}'s.
     */
    public static Optional<ConvNetwork> of(MultiLayerNetwork network, int[] inputShape) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int count = conf.getConfs().size();
        if (inputShape.length != 3) {
            return Optional.empty();
        }
        List<Stage> stages = new ArrayList<>();
        boolean spatial = false;
        for (int i = 0; i < count; i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            org.deeplearning4j.nn.conf.layers.Layer config = conf.getConf(i).getLayer();
            boolean wantsSpatial = config.getClass() == ConvolutionLayer.class || config.getClass() == SubsamplingLayer.class;
            if (pre instanceof FeedForwardToCnnPreProcessor) {
                if (i != 0 || !wantsSpatial) {
                    return Optional.empty();
                }
                spatial = true;
            } else if (pre instanceof CnnToFeedForwardPreProcessor flat) {
                if (!spatial || wantsSpatial || flat.getFormat() != CNN2DFormat.NCHW) {
                    return Optional.empty();
                }
                spatial = false;
            } else if (pre != null || (i == 0 && !wantsSpatial) || spatial != wantsSpatial) {
                return Optional.empty();
            }
            Stage stage = stageOf(network, config, i, i == count - 1);
            if (stage == null) {
                return Optional.empty();
            }
            stages.add(stage);
        }
        for (int i = 0; i + 1 < stages.size(); i++) {
            if (stages.get(i) instanceof Convolution conv && conv.activation() != null
                    && conv.activation().commutesWithMaxPooling() && stages.get(i + 1) instanceof Pooling pool) {
                stages.set(i, new Convolution(conv.weights(), conv.bias(), conv.kernel(), conv.stride(), conv.padding(),
                        null));
                stages.set(i + 1, new Pooling(pool.kernel(), pool.stride(), pool.padding(), conv.activation()));
            }
        }
        boolean hasConvolution = stages.stream().anyMatch(s -> s instanceof Convolution);
        return hasConvolution ? Optional.of(new ConvNetwork(List.copyOf(stages), inputShape.clone())) : Optional.empty();
    }

    private static Stage stageOf(MultiLayerNetwork network, org.deeplearning4j.nn.conf.layers.Layer config, int index,
            boolean last) {
        INDArray weights = network.getLayer(index).paramTable().get("W");
        INDArray bias = network.getLayer(index).paramTable().get("b");
        if (last) {
            boolean logits = config.getClass() == OutputLayer.class && (((OutputLayer) config).getActivationFn()
                    instanceof ActivationSoftmax || ((OutputLayer) config).getActivationFn() instanceof ActivationIdentity);
            return logits ? new Dense(weights, bias, null) : null;
        }
        if (config.getClass() == DenseLayer.class && !((DenseLayer) config).hasLayerNorm()) {
            return DenseActivation.of(((DenseLayer) config).getActivationFn())
                    .map(activation -> (Stage) new Dense(weights, bias, activation)).orElse(null);
        }
        if (config.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) config;
            if (!plainWindow(conv.getConvolutionMode(), conv.getDilation()) || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || weights == null || weights.rank() != 4) {
                return null;
            }
            return DenseActivation.of(conv.getActivationFn())
                    .map(activation -> (Stage) new Convolution(weights, bias == null ? null : bias.reshape(bias.length()),
                            conv.getKernelSize().clone(),
                            conv.getStride().clone(), conv.getPadding().clone(), activation))
                    .orElse(null);
        }
        if (config.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer pool = (SubsamplingLayer) config;
            if (pool.getPoolingType() != PoolingType.MAX || !plainWindow(pool.getConvolutionMode(), pool.getDilation())
                    || pool.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return null;
            }
            return new Pooling(pool.getKernelSize().clone(), pool.getStride().clone(), pool.getPadding().clone(), null);
        }
        return null;
    }

    /** Truncate/Strict windows without dilation: output size (in + 2p − k)/s + 1, as libnd4j computes it. */
    private static boolean plainWindow(ConvolutionMode mode, int[] dilation) {
        return (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict)
                && Arrays.stream(dilation).allMatch(d -> d == 1);
    }

    /** The forward pass of {@code x} [n, c·h·w] in the network's data type. */
    public Pass forward(INDArray x) {
        long n = x.rows();
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> derivatives = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<INDArray> owned = new ArrayList<>();
        INDArray a = x.reshape('c', n, inputShape[0], inputShape[1], inputShape[2]);
        for (Stage stage : stages) {
            INDArray derivative = null;
            INDArray out;
            if (stage instanceof Convolution conv) {
                inputs.add(a);
                out = convolve(a, conv);
                owned.add(out);
                derivative = activate(out, conv.activation());
            } else if (stage instanceof Pooling pool) {
                inputs.add(a);
                out = maxPool(a, pool);
                owned.add(out);
                derivative = activate(out, pool.activation());
            } else {
                Dense dense = (Dense) stage;
                INDArray rows = a.rank() == 2 ? a : a.reshape('c', n, a.length() / n);
                inputs.add(rows);
                if (dense.activation() == null) {
                    out = DenseNetwork.affine(rows, new DenseNetwork.Layer(dense.weights(), dense.bias(), null));
                    shapes.add(out.shape());
                    derivatives.add(null);
                    return new Pass(inputs, derivatives, shapes, out, owned);
                }
                out = DenseNetwork.product(rows, dense.weights(), false);
                owned.add(out);
                derivative = dense.activation().activateInPlace(out, dense.bias(), true);
            }
            if (derivative != null) {
                owned.add(derivative);
            }
            derivatives.add(derivative);
            shapes.add(out.shape());
            a = out;
        }
        throw new IllegalStateException("a convolutional network ends with its output layer");
    }

    /** σ of a spatial map [n, …] in place, returning σ'; null without activation. */
    private static INDArray activate(INDArray map, DenseActivation activation) {
        return activation == null ? null
                : activation.activateInPlace(map.reshape('c', map.size(0), map.length() / map.size(0)), null, true);
    }

    /**
     * Σ_k seed[i,k]·∂f_k(x_i)/∂x_i for every row, [n, c·h·w]: reverse mode through a forward {@code pass}, stage by
     * stage — ⊙σ', then the input gradient of the stage's linear map alone.
     */
    public INDArray vectorJacobian(Pass pass, INDArray seed) {
        return backward(pass, seed, 1);
    }

    /**
     * The logit Jacobians of every row of {@code x} [n, c·h·w], as [n, classes, c·h·w]: one forward pass, then one
     * backward pass of {@code classes} rows per example seeded with e_k (row i·classes + k belongs to example i).
     * Running the inputs through the forward pass {@code classes} times instead would repeat its whole cost.
     */
    public INDArray logitJacobians(INDArray x, int classes) {
        long n = x.rows();
        Pass pass = forward(x);
        INDArray seeds = Nd4j.tile(Nd4j.eye(classes).castTo(x.dataType()), Math.toIntExact(n), 1);
        INDArray rows = backward(pass, seeds, classes);
        release(pass, true);
        Buffers.release(seeds);
        return rows.reshape('c', n, classes, rows.columns());
    }

    /**
     * The backward pass of {@code seed}, whose rows come {@code copies} to an example of {@code pass} (row r belongs
     * to example r / copies), so each stored σ' and pooling input serves {@code copies} rows. With one row per example
     * max pooling's gradient is {@code maxpool2d_bp}; with several, each window's maximum is found once per example
     * and every row is routed by it ({@link MaxPoolRoutes}), the σ' of a ReLU moved after the pooling included.
     */
    private INDArray backward(Pass pass, INDArray seed, int copies) {
        long rows = seed.rows();
        INDArray g = seed;
        for (int l = stages.size() - 1; l >= 0; l--) {
            Stage stage = stages.get(l);
            INDArray derivative = pass.derivatives().get(l);
            INDArray next;
            if (stage instanceof Pooling pool && copies > 1) {
                long[] output = pass.outputShapes().get(l);
                next = MaxPoolRoutes.of(pass.inputs().get(l), output, pool.kernel(), pool.stride(), pool.padding(),
                        derivative).backward(g, copies);
                if (g != seed) {
                    Buffers.release(g);
                }
                g = next;
                continue;
            }
            // the seed is the caller's: it is copied before the in-place σ' product, never freed
            INDArray own = derivative != null && g == seed ? seed.dup('c') : g;
            INDArray upstream = own.reshape('c', copied(pass.outputShapes().get(l), copies));
            if (derivative != null) {
                INDArray matrix = upstream.reshape('c', rows, upstream.length() / rows);
                if (copies == 1) {
                    DenseNetwork.multiplyInPlace(matrix, derivative);
                } else {
                    DenseNetwork.multiplyRepeatedInPlace(matrix, derivative, copies);
                }
            }
            if (stage instanceof Convolution conv) {
                long[] input = l == 0 ? new long[] {rows, inputShape[0], inputShape[1], inputShape[2]}
                        : copied(pass.outputShapes().get(l - 1), copies);
                next = convolutionInputGradient(upstream, conv, input);
            } else if (stage instanceof Pooling pool) {
                next = maxPoolInputGradient(pass.inputs().get(l), upstream, pool);
            } else {
                next = DenseNetwork.product(upstream.reshape('c', rows, upstream.length() / rows),
                        ((Dense) stage).weights(), true);
            }
            if (own != seed) {
                Buffers.release(own);
            }
            g = next;
        }
        return g.reshape('c', rows, g.length() / rows);
    }

    /** {@code shape} [n, …] with n multiplied by {@code copies}. */
    private static long[] copied(long[] shape, int copies) {
        long[] copy = shape.clone();
        copy[0] *= copies;
        return copy;
    }

    /** Frees the arrays a pass allocated (the logits only when {@code withLogits}); never the input. */
    public static void release(Pass pass, boolean withLogits) {
        pass.owned().forEach(Buffers::release);
        if (withLogits) {
            Buffers.release(pass.logits());
        }
    }

    /** This thread's plan for a batch like {@code x}, or null where batches of its size take the general path. */
    private ConvPlan plan(INDArray x) {
        if (!plannable || x.rows() > ConvPlan.MAX_ROWS) {
            return null;
        }
        int rows = Math.toIntExact(x.rows());
        Map<Integer, ConvPlan> mine = plans.get();
        ConvPlan plan = mine.get(rows);
        if (plan == null || plan.dataType() != x.dataType()) {
            if (plan != null) {
                plan.close();
            }
            plan = new ConvPlan(stages, inputShape, rows, x.dataType());
            mine.put(rows, plan);
        }
        return plan;
    }

    /** Logits and the seeded input gradient: on this thread's plan for up to {@link ConvPlan#MAX_ROWS} rows. */
    @Override
    public Classifier.Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        ConvPlan plan = plan(x);
        if (plan != null) {
            return plan.evaluate(x, seedOfLogits);
        }
        Pass pass = forward(x);
        INDArray gradient = vectorJacobian(pass, seedOfLogits.apply(pass.logits()));
        release(pass, false);
        return new Classifier.Evaluation(pass.logits(), gradient);
    }

    /** The logits of {@code x}: the forward pass (on this thread's plan for a few rows), its intermediates freed. */
    @Override
    public INDArray logits(INDArray x) {
        ConvPlan plan = plan(x);
        if (plan != null) {
            return plan.logits(x);
        }
        Pass pass = forward(x);
        release(pass, false);
        return pass.logits();
    }

    /** The output shape of a convolution of an input [n, c, h, w]: (in + 2p − k)/s + 1, as libnd4j computes it. */
    static long[] convolutionShape(long[] in, Convolution conv) {
        return new long[] {in[0], conv.weights().size(0),
            (in[2] + 2L * conv.padding()[0] - conv.kernel()[0]) / conv.stride()[0] + 1,
            (in[3] + 2L * conv.padding()[1] - conv.kernel()[1]) / conv.stride()[1] + 1};
    }

    /** The output shape of a max pooling of an input [n, c, h, w]. */
    static long[] poolingShape(long[] in, Pooling pool) {
        return new long[] {in[0], in[1], (in[2] + 2L * pool.padding()[0] - pool.kernel()[0]) / pool.stride()[0] + 1,
            (in[3] + 2L * pool.padding()[1] - pool.kernel()[1]) / pool.stride()[1] + 1};
    }

    private static INDArray convolve(INDArray a, Convolution conv) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), convolutionShape(a.shape(), conv));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addOutputs(out)
                .addIntegerArguments(window(conv.kernel(), conv.stride(), conv.padding(), 1));
        op = conv.bias() == null ? op.addInputs(a, conv.weights()) : op.addInputs(a, conv.weights(), conv.bias());
        Nd4j.exec(op.build());
        return out;
    }

    /**
     * ∂/∂input of a convolution given ∂/∂output [n, out, oH, oW]: by columns for one input channel, else the
     * transposed convolution ({@code deconv2d}, on the weights as they are). Where the forward window left the last
     * rows or columns of the input out (Truncate mode), the transposed convolution runs unpadded, the padding is
     * cropped from its output, and the rows and columns no window read get zero.
     */
    private static INDArray convolutionInputGradient(INDArray upstream, Convolution conv, long[] inputShape) {
        if (inputShape[1] == 1) {
            return inputGradientByColumns(upstream, conv, inputShape);
        }
        if (covers(conv, upstream.shape(), inputShape)) {
            return transposedConvolution(upstream, conv, inputShape, conv.padding());
        }
        long[] full = inputShape.clone();
        for (int d = 0; d < 2; d++) {
            full[2 + d] = conv.stride()[d] * (upstream.size(2 + d) - 1) + conv.kernel()[d];
        }
        INDArray padded = transposedConvolution(upstream, conv, full, new int[] {0, 0});
        INDArray gradient = Nd4j.zeros(upstream.dataType(), inputShape);
        long rows = Math.min(inputShape[2], full[2] - conv.padding()[0]);
        long columns = Math.min(inputShape[3], full[3] - conv.padding()[1]);
        gradient.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, rows),
                NDArrayIndex.interval(0, columns))
                .assign(padded.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(conv.padding()[0], conv.padding()[0] + rows),
                        NDArrayIndex.interval(conv.padding()[1], conv.padding()[1] + columns)));
        Buffers.release(padded);
        return gradient;
    }

    /** Whether the windows of a convolution from {@code inputShape} to {@code outputShape} read every input entry. */
    static boolean covers(Convolution conv, long[] outputShape, long[] inputShape) {
        for (int d = 0; d < 2; d++) {
            long full = conv.stride()[d] * (outputShape[2 + d] - 1) + conv.kernel()[d];
            if (full - 2L * conv.padding()[d] != inputShape[2 + d]) {
                return false;
            }
        }
        return true;
    }

    private static INDArray transposedConvolution(INDArray upstream, Convolution conv, long[] shape, int[] padding) {
        INDArray out = Nd4j.createUninitialized(upstream.dataType(), shape);
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(upstream, conv.weights()).addOutputs(out)
                .addIntegerArguments(window(conv.kernel(), conv.stride(), padding, 1)).build());
        return out;
    }

    /** The columns of at most this many bytes are formed at once (a few examples' worth, in cache). */
    private static final long COLUMN_CHUNK_BYTES = 2L << 20;

    /**
     * The input gradient of a one-channel convolution: per example, the columns Wᵀ·∂out [kH·kW, oH·oW] (W as
     * [out, kH·kW]) by one GEMM, then {@code col2im} adds each window's column into the image, examples in chunks
     * whose columns fit {@link #COLUMN_CHUNK_BYTES}.
     */
    private static INDArray inputGradientByColumns(INDArray upstream, Convolution conv, long[] inputShape) {
        long n = inputShape[0];
        long[] out = upstream.shape();
        int taps = conv.kernel()[0] * conv.kernel()[1];
        long positions = out[2] * out[3];
        INDArray filters = conv.weights().reshape('c', out[1], taps);
        INDArray maps = upstream.reshape('c', n, out[1], positions);
        INDArray gradient = Nd4j.createUninitialized(upstream.dataType(), inputShape);
        long chunk = Math.max(1, COLUMN_CHUNK_BYTES / (taps * positions * upstream.dataType().width()));
        int[] arguments = columnArguments(conv, inputShape);
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            INDArray columns = Blas.multiplyEach(filters, true, maps.get(NDArrayIndex.interval(start, end),
                    NDArrayIndex.all(), NDArrayIndex.all()));
            Nd4j.exec(DynamicCustomOp.builder("col2im")
                    .addInputs(columns.reshape('c', end - start, 1, conv.kernel()[0], conv.kernel()[1], out[2], out[3]))
                    .addOutputs(gradient.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.all()))
                    .addIntegerArguments(arguments).build());
            Buffers.release(columns);
        }
        return gradient;
    }

    /** col2im's arguments for a one-channel convolution's input [n, 1, h, w]: sH, sW, pH, pW, h, w, dH, dW, same 0. */
    static int[] columnArguments(Convolution conv, long[] inputShape) {
        return new int[] {conv.stride()[0], conv.stride()[1], conv.padding()[0], conv.padding()[1],
            Math.toIntExact(inputShape[2]), Math.toIntExact(inputShape[3]), 1, 1, 0};
    }

    private static INDArray maxPool(INDArray a, Pooling pool) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), poolingShape(a.shape(), pool));
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(a).addOutputs(out)
                .addIntegerArguments(poolWindow(pool)).build());
        return out;
    }

    private static INDArray maxPoolInputGradient(INDArray input, INDArray upstream, Pooling pool) {
        INDArray gradient = Nd4j.createUninitialized(input.dataType(), input.shape());
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, upstream).addOutputs(gradient)
                .addIntegerArguments(poolWindow(pool)).build());
        return gradient;
    }

    /**
     * libnd4j's conv2d/deconv2d arguments: kH, kW, sH, sW, pH, pW, dH, dW, same mode 0, NCHW, weights format (1:
     * [out, in, kH, kW] for conv2d, [in, out, kH, kW] of the transposed map for deconv2d — both DL4J's layout).
     */
    static int[] window(int[] kernel, int[] stride, int[] padding, int weightsFormat) {
        return new int[] {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, 0, weightsFormat};
    }

    /** maxpool2d(_bp): kH, kW, sH, sW, pH, pW, dH, dW, same mode 0, extra parameter 0, NCHW. */
    static int[] poolWindow(Pooling pool) {
        return new int[] {pool.kernel()[0], pool.kernel()[1], pool.stride()[0], pool.stride()[1], pool.padding()[0],
            pool.padding()[1], 1, 1, 0, 0, 0};
    }

    /** The stages, for tests and diagnostics. */
    List<Stage> stages() {
        return stages;
    }
}
