package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The valid input range [lower, upper]; every attack clips its candidates into it (pixels: [0, 1]). */
public record Bounds(double lower, double upper) {

    /** Pixel intensities scaled to [0, 1], the range of the Fashion-MNIST loader. */
    public static final Bounds UNIT = new Bounds(0.0, 1.0);

    public Bounds {
        if (!(lower < upper) || Double.isInfinite(lower - upper)) {
            throw new IllegalArgumentException(
                    "bounds need finite lower < upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** Width of the range. */
    public double width() {
        return upper - lower;
    }

    /** {@code x} clipped into the range (a new array). */
    public INDArray clip(INDArray x) {
        return Transforms.min(Transforms.max(x, lower, true), upper, false);
    }

    /** Clips {@code x} into the range in place. */
    public INDArray clipi(INDArray x) {
        return Transforms.min(Transforms.max(x, lower, false), upper, false);
    }

    /** True if every entry of {@code x} lies in the range. */
    public boolean contains(INDArray x) {
        return x.minNumber().doubleValue() >= lower && x.maxNumber().doubleValue() <= upper;
    }
}
