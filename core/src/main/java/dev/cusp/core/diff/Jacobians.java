package dev.cusp.core.diff;

import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ConvNetwork;
import dev.cusp.core.model.DenseNetwork;
import dev.cusp.core.model.Finite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Full logit Jacobians J(x) = ∂f/∂x ∈ R^{c×d}. Dense feed-forward networks (dense layers with elementwise
 * activations) take the masked weight product of {@link DenseNetwork}: one GEMM per layer for the whole batch, no
 * weight gradients. Convolutional networks of the op path take {@link ConvNetwork#logitJacobians}: one forward pass
 * and one backward pass of c rows per example. Both run their chunks of examples on several threads where libnd4j's
 * threads per op leave cores idle ({@link #defaultWorkers}). Every other network takes reverse mode through DL4J:
 * every example is replicated c times and row k is seeded with e_k, so one batched vector–Jacobian pass yields all c
 * rows (shared/research/spike-dl4j.md §4). All give the same J.
 */
public final class Jacobians {
    /** Examples per DL4J backward pass; bounds the replicated batch to CHUNK·c rows. */
    static final int CHUNK = 64;
    /** Examples per dense product; bounds the stacked matrix to DENSE_CHUNK·c rows of the widest layer. */
    static final int DENSE_CHUNK = 256;

    /**
     * Threads the chunks of a dense or convolutional network's Jacobians run on, the caller's included: as many as
     * the cores libnd4j's own threads per op leave busy, {@code cores / OMP threads} (2 with one op thread on 2
     * cores, 1 with two). Chunks are independent, so they scale where one op's threads do not (docs/performance.md).
     */
    static int defaultWorkers() {
        int opThreads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        return Math.max(1, Runtime.getRuntime().availableProcessors() / opThreads);
    }

    /** Daemon threads for chunks beside the caller's; idle ones end after a minute. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "cusp-jacobians");
        thread.setDaemon(true);
        return thread;
    });

    /** J for every row of {@code x}: [n, c, d] in the model's data type (use {@code model.inDouble()} for analysis). */
    public static INDArray logits(Classifier model, INDArray x) {
        return logits(model, x, defaultWorkers());
    }

    /** {@link #logits} with the chunks of the dense and convolutional paths on {@code workers} threads. */
    static INDArray logits(Classifier model, INDArray x, int workers) {
        checkShape(model, x);
        Optional<DenseNetwork> dense = model.denseNetwork();
        if (dense.isPresent()) {
            return inChunks(model, checkedInput(model, x), DENSE_CHUNK, dense.get()::logitJacobians, workers);
        }
        Optional<ConvNetwork> conv = model.convNetwork();
        return conv.isPresent() ? inChunks(model, checkedInput(model, x), CHUNK,
                rows -> conv.get().logitJacobians(rows, model.classes()), workers) : byBackprop(model, x);
    }

    /**
     * [n, c, d] assembled from {@code block} on consecutive chunks of at most {@code chunk} rows of {@code x},
     * smaller where that gives each of {@code workers} threads a chunk; chunk k runs on thread k mod workers (the
     * caller is thread 0). {@code block} must be safe to run on several threads at once.
     */
    private static INDArray inChunks(Classifier model, INDArray x, int chunk, UnaryOperator<INDArray> block,
            int workers) {
        long n = x.rows();
        long size = Math.min(chunk, Math.max(1, (n + workers - 1) / workers));
        if (n <= size) {
            return block.apply(x);
        }
        INDArray jacobians = Nd4j.create(model.dataType(), n, model.classes(), x.columns());
        long chunks = (n + size - 1) / size;
        int threads = (int) Math.min(workers, chunks);
        IntConsumer fill = thread -> {
            for (long k = thread; k < chunks; k += threads) {
                long start = k * size;
                long end = Math.min(n, start + size);
                INDArray part = block.apply(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()));
                jacobians.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all()).assign(part);
                Buffers.release(part);
            }
        };
        List<Future<?>> others = new ArrayList<>();
        for (int thread = 1; thread < threads; thread++) {
            int mine = thread;
            others.add(WORKERS.submit(() -> fill.accept(mine)));
        }
        fill.accept(0);
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing Jacobians", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause
                        : new IllegalStateException("a chunk of Jacobians failed", e.getCause());
            }
        }
        return jacobians;
    }

    /**
     * {@code x} in the model's data type as a whole row-major array, refused when it holds NaN or ∞. Views are
     * copied first: ND4J 1.0.0-M2.1's {@code get} of a row interval of a strided view returns a rank-0 array.
     */
    private static INDArray checkedInput(Classifier model, INDArray x) {
        INDArray rows = Buffers.rowMajor(x);
        INDArray input = rows.dataType() == model.dataType() ? rows : rows.castTo(model.dataType());
        if (!Finite.all(input)) {
            throw new IllegalArgumentException("input contains NaN or infinite values"
                    + (input == rows ? "" : " (after conversion to " + model.dataType() + ")"));
        }
        return input;
    }

    /** Whether {@link #logits} takes the dense product for this model. */
    public static boolean usesDenseProduct(Classifier model) {
        return model.dense();
    }

    /** Replicated reverse mode through DL4J: works for every network {@link Classifier} accepts. */
    static INDArray byBackprop(Classifier model, INDArray view) {
        checkShape(model, view);
        int c = model.classes();
        INDArray identity = Nd4j.eye(c).castTo(model.dataType());
        return inChunks(model, Buffers.rowMajor(view), CHUNK, rows -> {
            int b = (int) rows.rows();
            INDArray seeds = Nd4j.tile(identity, b, 1);
            return model.vectorJacobian(rows.repeat(0, c), seeds).reshape('c', b, c, rows.columns());
        }, 1); // DL4J's backward pass is not safe to run on several threads at once
    }

    private static void checkShape(Classifier model, INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != model.inputSize() || x.rows() == 0) {
            throw new IllegalArgumentException("expected inputs [n, " + model.inputSize() + "] with n ≥ 1, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("input must be floating point, got " + x.dataType());
        }
    }

    private Jacobians() {
    }
}
