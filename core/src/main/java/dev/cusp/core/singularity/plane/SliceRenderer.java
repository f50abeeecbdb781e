package dev.cusp.core.singularity.plane;

import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalCurve;
import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalSet;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Cusp;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Window;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a critical set as a PNG (java.awt, headless): the decision regions of the plane map, the
 * orientation-reversing part (det Dg &lt; 0) shaded, the critical curve (folds, or fold edges of a
 * piecewise-linear map) in black, cusps as red discs, Σ² points in magenta, and labelled markers such as the
 * example and its adversarial point.
 */
public final class SliceRenderer {

    /**
     * Picture parameters.
     *
     * @param size       width and height of the plot area in pixels
     * @param regionGrid cells per axis at which decision regions are evaluated
     */
    public record Parameters(int size, int regionGrid) {
        public static final int SIZE = 512;
        public static final int REGION_GRID = 128;

        public static Parameters defaults() {
            return new Parameters(SIZE, REGION_GRID);
        }
    }

    /** A labelled point of the plane; {@code cross} draws an ×, otherwise a disc. */
    public record Marker(double s, double t, String label, boolean cross) {
    }

    private static final int HEADER = 28;
    private static final Color[] PALETTE = {
        new Color(0xA6CEE3), new Color(0xFDBF6F), new Color(0xB2DF8A), new Color(0xFB9A99), new Color(0xCAB2D6),
        new Color(0xFFFF99), new Color(0x8DD3C7), new Color(0xD9D9D9), new Color(0xBC80BD), new Color(0xCCEBC5)};

    private SliceRenderer() {
    }

    /** PNG bytes of the picture. */
    public static byte[] png(CriticalSet set, PlaneMap map, List<Marker> markers, Parameters p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(set, map, markers, p), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The picture as an image. */
    public static BufferedImage render(CriticalSet set, PlaneMap map, List<Marker> markers, Parameters p) {
        int size = p.size();
        BufferedImage image = new BufferedImage(size, size + HEADER, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size + HEADER);
        Window w = set.window();
        paintRegions(g, map, w, p);
        shadeNegativeDeterminant(g, set, size);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        int sigma2 = 0;
        for (CriticalCurve curve : set.curves()) {
            Path2D path = new Path2D.Double();
            double[][] pts = curve.points();
            for (int k = 0; k < pts.length; k++) {
                double x = px(pts[k][0], w, size);
                double y = py(pts[k][1], w, size);
                if (k == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            if (curve.closed()) {
                path.closePath();
            }
            g.draw(path);
        }
        g.setColor(Color.MAGENTA);
        for (CriticalCurve curve : set.curves()) {
            for (int k = 0; k < curve.points().length; k++) {
                if (Double.isNaN(curve.transversality()[k])) {
                    sigma2++;
                    g.fillRect((int) px(curve.points()[k][0], w, size) - 3, (int) py(curve.points()[k][1], w, size) - 3, 6, 6);
                }
            }
        }
        for (Cusp cusp : set.cusps()) {
            int x = (int) Math.round(px(cusp.s(), w, size));
            int y = (int) Math.round(py(cusp.t(), w, size));
            g.setColor(Color.RED);
            g.fillOval(x - 7, y - 7, 14, 14);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawOval(x - 7, y - 7, 14, 14);
        }
        for (Marker m : markers) {
            drawMarker(g, m, w, size);
        }
        header(g, set, sigma2, size);
        g.dispose();
        return image;
    }

    private static void paintRegions(Graphics2D g, PlaneMap map, Window w, Parameters p) {
        int n = p.regionGrid();
        double[][] centres = new double[n * n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                centres[i * n + j] = new double[] {
                    w.sMin() + (i + 0.5) * (w.sMax() - w.sMin()) / n, w.tMin() + (j + 0.5) * (w.tMax() - w.tMin()) / n};
            }
        }
        int[] regions = map.regions(centres);
        double cell = (double) p.size() / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g.setColor(PALETTE[Math.floorMod(regions[i * n + j], PALETTE.length)]);
                int x0 = (int) Math.floor(i * cell);
                int x1 = (int) Math.floor((i + 1) * cell);
                int y1 = HEADER + p.size() - (int) Math.floor(j * cell);
                int y0 = HEADER + p.size() - (int) Math.floor((j + 1) * cell);
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
    }

    private static void shadeNegativeDeterminant(Graphics2D g, CriticalSet set, int size) {
        double[] s = set.s();
        double[] t = set.t();
        double[][] lambda = set.determinant();
        g.setColor(new Color(0, 0, 0, 40));
        Window w = set.window();
        for (int i = 0; i + 1 < s.length; i++) {
            for (int j = 0; j + 1 < t.length; j++) {
                double mean = (lambda[i][j] + lambda[i + 1][j] + lambda[i][j + 1] + lambda[i + 1][j + 1]) / 4;
                if (mean < 0) {
                    // the same rounding on both sides of a cell edge: neighbouring cells never overlap
                    int x0 = (int) Math.round(px(s[i], w, size));
                    int x1 = (int) Math.round(px(s[i + 1], w, size));
                    int y0 = (int) Math.round(py(t[j + 1], w, size));
                    int y1 = (int) Math.round(py(t[j], w, size));
                    g.fillRect(x0, y0, x1 - x0, y1 - y0);
                }
            }
        }
    }

    private static void drawMarker(Graphics2D g, Marker m, Window w, int size) {
        int x = (int) Math.round(px(m.s(), w, size));
        int y = (int) Math.round(py(m.t(), w, size));
        g.setStroke(new BasicStroke(3f));
        if (m.cross()) {
            g.setColor(Color.BLACK);
            g.drawLine(x - 7, y - 7, x + 7, y + 7);
            g.drawLine(x - 7, y + 7, x + 7, y - 7);
        } else {
            g.setColor(Color.WHITE);
            g.fillOval(x - 6, y - 6, 12, 12);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f));
            g.drawOval(x - 6, y - 6, 12, 12);
        }
        text(g, m.label(), x + 9, y - 9, Color.BLACK);
    }

    private static void header(Graphics2D g, CriticalSet set, int sigma2, int size) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, HEADER);
        String kind = set.smooth() ? "folds" : "PL fold edges";
        String line = String.format("%s: %d pts  cusps: %d  Σ²: %d  grid %dx%d  shaded: det < 0",
                kind, set.foldPoints(), set.cusps().size(), sigma2, set.s().length, set.t().length);
        text(g, line, 6, 19, Color.BLACK);
    }

    /** Text needs fonts; minimal images without fontconfig still get the picture, just unlabelled. */
    private static void text(Graphics2D g, String s, int x, int y, Color c) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(c);
            g.drawString(s, x, y);
        } catch (RuntimeException | Error fontsUnavailable) {
            // no usable font in this runtime: leave the label out
        }
    }

    private static double px(double s, Window w, int size) {
        return (s - w.sMin()) / (w.sMax() - w.sMin()) * size;
    }

    private static double py(double t, Window w, int size) {
        return HEADER + size - (t - w.tMin()) / (w.tMax() - w.tMin()) * size;
    }
}
