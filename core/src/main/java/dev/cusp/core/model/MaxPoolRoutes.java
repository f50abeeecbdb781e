package dev.cusp.core.model;

import dev.cusp.core.linalg.Buffers;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where every window of a max pooling took its maximum, found once per example, so that a backward pass carrying
 * several rows per example (the c seeds of a logit Jacobian) routes each row's gradient straight to its entry,
 * instead of repeating the pooling input c times and searching every window again for every row
 * ({@code maxpool2d_bp}). A window's gradient goes to its first maximum in row-major order, as in libnd4j's and
 * DL4J's backward passes; windows are clipped to the input where padding reaches outside it; overlapping windows add.
 */
final class MaxPoolRoutes {
    /** Marks an output entry whose gradient is dropped: the slope of the activation after pooling is 0 there. */
    private static final int DROPPED = -1;

    /** For every entry of the pooled output [n, C, oH, oW], row-major: its window's first maximum in [C, H, W]. */
    private final int[] routes;
    /** The slopes of the activation applied after pooling, [n, C·oH·oW] (null for none), applied when routing. */
    private final INDArray slopes;
    /** Per example: the input map [C, H, W] and the number of pooled entries C·oH·oW. */
    private final long[] inputShape;
    private final int outputs;

    private MaxPoolRoutes(int[] routes, INDArray slopes, long[] inputShape, int outputs) {
        this.routes = routes;
        this.slopes = slopes;
        this.inputShape = inputShape;
        this.outputs = outputs;
    }

    /**
     * The routes of max pooling {@code input} [n, C, H, W] to {@code outputShape} [n, C, oH, oW] with windows of
     * {@code kernel}, {@code stride} and {@code padding} (h, w); {@code slopes} [n, C·oH·oW] (or null) are the
     * derivatives of the activation after pooling: entries with slope 0 route nothing.
     */
    static MaxPoolRoutes of(INDArray input, long[] outputShape, int[] kernel, int[] stride, int[] padding,
            INDArray slopes) {
        long[] shape = input.shape();
        int n = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        int height = Math.toIntExact(shape[2]);
        int width = Math.toIntExact(shape[3]);
        int outHeight = Math.toIntExact(outputShape[2]);
        int outWidth = Math.toIntExact(outputShape[3]);
        int mapSize = Math.multiplyExact(channels, height * width);
        int outputs = Math.multiplyExact(channels, outHeight * outWidth);
        int[] routes = new int[Math.multiplyExact(n, outputs)];
        Rows values = new Rows(Buffers.rowMajor(input), mapSize);
        INDArray slopeRows = slopes == null ? null : Buffers.rowMajor(slopes);
        Rows slopeValues = slopes == null ? null : new Rows(slopeRows, outputs);
        for (int e = 0, at = 0; e < n; e++) {
            double[] map = values.row(e);
            double[] slope = slopeValues == null ? null : slopeValues.row(e);
            for (int k = 0, q = 0; k < channels; k++) {
                int plane = k * height * width;
                for (int i = 0; i < outHeight; i++) {
                    int top = i * stride[0] - padding[0];
                    int rowStart = Math.max(0, top);
                    int rowEnd = Math.min(height, top + kernel[0]);
                    for (int j = 0; j < outWidth; j++, q++, at++) {
                        if (slope != null && slope[q] == 0) {
                            routes[at] = DROPPED;
                            continue;
                        }
                        int left = j * stride[1] - padding[1];
                        int columnStart = Math.max(0, left);
                        int columnEnd = Math.min(width, left + kernel[1]);
                        int best = plane + rowStart * width + columnStart;
                        double max = map[best];
                        for (int y = rowStart; y < rowEnd; y++) {
                            for (int x = plane + y * width + columnStart, end = x + columnEnd - columnStart; x < end;
                                    x++) {
                                if (map[x] > max) {
                                    max = map[x];
                                    best = x;
                                }
                            }
                        }
                        routes[at] = best;
                    }
                }
            }
        }
        values.close(input);
        return new MaxPoolRoutes(routes, slopeRows, new long[] {channels, height, width}, outputs);
    }

    /**
     * ∂/∂input [n·copies, C, H, W] from ∂/∂output {@code upstream} [n·copies, C·oH·oW] (any shape with those entries),
     * where row r belongs to example r / copies: each entry times its slope, added at its route. Each row is read
     * into a Java array, routed into a zeroed Java map and written back in one bulk transfer each way.
     */
    INDArray backward(INDArray upstream, int copies) {
        long rows = upstream.length() / outputs;
        if (rows * outputs != upstream.length() || rows != (long) routes.length / outputs * copies) {
            throw new IllegalArgumentException("expected " + routes.length / outputs + "·" + copies + " rows of "
                    + outputs + " pooled entries, got " + upstream.length() + " entries");
        }
        INDArray gradient = Nd4j.createUninitialized(upstream.dataType(), rows, inputShape[0], inputShape[1],
                inputShape[2]);
        INDArray in = Buffers.rowMajor(upstream);
        int mapSize = Math.toIntExact(inputShape[0] * inputShape[1] * inputShape[2]);
        if (upstream.dataType() == DataType.FLOAT) {
            FloatPointer from = new FloatPointer(in.data().addressPointer());
            FloatPointer to = new FloatPointer(gradient.data().addressPointer());
            float[] row = new float[outputs];
            float[] scale = new float[outputs];
            float[] map = new float[mapSize];
            FloatPointer slopeValues = slopes == null ? null : new FloatPointer(slopes.data().addressPointer());
            for (long r = 0; r < rows; r++) {
                int first = Math.toIntExact(r / copies * outputs);
                from.position(r * outputs).get(row);
                if (slopeValues != null && r % copies == 0) {
                    slopeValues.position(first).get(scale);
                }
                for (int q = 0; q < outputs; q++) {
                    int route = routes[first + q];
                    if (route != DROPPED) {
                        map[route] += slopeValues == null ? row[q] : row[q] * scale[q];
                    }
                }
                to.position(r * mapSize).put(map);
                Arrays.fill(map, 0f);
            }
        } else {
            DoublePointer from = new DoublePointer(in.data().addressPointer());
            DoublePointer to = new DoublePointer(gradient.data().addressPointer());
            double[] row = new double[outputs];
            double[] scale = new double[outputs];
            double[] map = new double[mapSize];
            DoublePointer slopeValues = slopes == null ? null : new DoublePointer(slopes.data().addressPointer());
            for (long r = 0; r < rows; r++) {
                int first = Math.toIntExact(r / copies * outputs);
                from.position(r * outputs).get(row);
                if (slopeValues != null && r % copies == 0) {
                    slopeValues.position(first).get(scale);
                }
                for (int q = 0; q < outputs; q++) {
                    int route = routes[first + q];
                    if (route != DROPPED) {
                        map[route] += slopeValues == null ? row[q] : row[q] * scale[q];
                    }
                }
                to.position(r * mapSize).put(map);
                Arrays.fill(map, 0.0);
            }
        }
        if (in != upstream) {
            Buffers.release(in);
        }
        return gradient;
    }

    /** The rows of a whole row-major FLOAT or DOUBLE matrix of {@code width} columns, one at a time as doubles. */
    private static final class Rows {
        private final INDArray array;
        private final FloatPointer floats;
        private final DoublePointer doubles;
        private final float[] floatRow;
        private final double[] row;

        Rows(INDArray array, int width) {
            this.array = array;
            boolean single = array.dataType() == DataType.FLOAT;
            floats = single ? new FloatPointer(array.data().addressPointer()) : null;
            doubles = single ? null : new DoublePointer(array.data().addressPointer());
            floatRow = single ? new float[width] : null;
            row = new double[width];
        }

        /** Row {@code i}, in an array reused by the next call. */
        double[] row(long i) {
            if (floats != null) {
                floats.position(i * row.length).get(floatRow);
                for (int j = 0; j < row.length; j++) {
                    row[j] = floatRow[j];
                }
            } else {
                doubles.position(i * row.length).get(row);
            }
            return row;
        }

        /** Frees the row-major copy this reader made of {@code original}, if it made one. */
        void close(INDArray original) {
            if (array != original) {
                Buffers.release(array);
            }
        }
    }
}
