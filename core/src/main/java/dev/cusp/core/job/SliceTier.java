package dev.cusp.core.job;

import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.plane.ClassifierSlice;
import dev.cusp.core.singularity.plane.FoldCuspDetector;
import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalSet;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Window;
import dev.cusp.core.singularity.plane.SliceProximity;
import dev.cusp.core.singularity.plane.SliceRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The slices tier: the 2-D slice through a clean input spanned by its attack direction and a seeded random direction
 * ({@link ClassifierSlice#throughExample}), its critical set ({@link FoldCuspDetector}: folds and cusps of a smooth
 * map, fold edges of a piecewise-linear one), the example's distance to it ({@link SliceProximity}) and the picture
 * ({@link SliceRenderer}), base64 in the results.
 */
public final class SliceTier {
    /** Seed of the second slice direction; example i uses SEED + i. */
    public static final long SEED = 1955;
    /** Window in units of the attack distance r = ‖x_adv − x‖₂: s ∈ [S_MIN·r, S_MAX·r], t ∈ [−T_HALF·r, T_HALF·r]. */
    public static final double S_MIN = -1.5;
    public static final double S_MAX = 2.5;
    public static final double T_HALF = 2.0;
    /**
     * Most base64 characters one picture may take in a message (the shard planner reserves this much per slice);
     * a larger picture is drawn again at half size, and left out if even that does not fit.
     */
    public static final int MAX_PICTURE_CHARS = 96 * 1024;

    /** What a slice found, how close the example is to it, and its picture (null when too large to carry). */
    public record Outcome(PointGeometry.Slice slice, SlicePicture picture) {
    }

    private SliceTier() {
    }

    /**
     * @param x           the clean input [1,d]
     * @param adversarial the adversarial input [1,d], different from x
     * @param crossingT   t of the boundary crossing on the segment (NaN when the prediction does not change)
     * @param grid        nodes per axis of the critical-curve search
     */
    public static Outcome through(Classifier model, int exampleIndex, INDArray x, INDArray adversarial,
            double crossingT, int grid) {
        ClassifierSlice slice = ClassifierSlice.throughExample(model, x, adversarial, SEED + exampleIndex);
        double r = adversarial.castTo(x.dataType()).sub(x).norm2Number().doubleValue();
        Window window = new Window(S_MIN * r, S_MAX * r, -T_HALF * r, T_HALF * r);
        CriticalSet set = new FoldCuspDetector(FoldCuspDetector.Parameters.defaults().withGridSize(grid))
                .detect(slice, window);
        double attackDistance = Double.isNaN(crossingT) ? r : crossingT * r;
        SliceProximity near = SliceProximity.of(set, 0, 0, attackDistance);
        PointGeometry.Slice summary = new PointGeometry.Slice(near.foldDistance(), near.cuspDistance(),
                near.attackDistance(), set.cusps().size(), set.foldPoints(), set.sigma2Points(),
                set.rankDeficientFraction(), set.smooth());
        List<SliceRenderer.Marker> markers = new ArrayList<>();
        markers.add(new SliceRenderer.Marker(0, 0, "x", false));
        if (!Double.isNaN(crossingT)) {
            markers.add(new SliceRenderer.Marker(crossingT * r, 0, "crossing", true));
        }
        markers.add(new SliceRenderer.Marker(r, 0, "x_adv", true));
        return new Outcome(summary, picture(exampleIndex, set, slice, markers));
    }

    private static SlicePicture picture(int exampleIndex, CriticalSet set, ClassifierSlice slice,
            List<SliceRenderer.Marker> markers) {
        SliceRenderer.Parameters full = SliceRenderer.Parameters.defaults();
        for (SliceRenderer.Parameters p : List.of(full,
                new SliceRenderer.Parameters(full.size() / 2, full.regionGrid() / 2))) {
            BufferedImage image = SliceRenderer.render(set, slice, markers, p);
            String data = Base64.getEncoder().encodeToString(png(image));
            if (data.length() <= MAX_PICTURE_CHARS) {
                Window w = set.window();
                return new SlicePicture(exampleIndex, PointGeometry.CLEAN, w.sMin(), w.sMax(), w.tMin(), w.tMax(),
                        image.getWidth(), image.getHeight(), SlicePicture.ENCODING, data);
            }
        }
        return null;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
