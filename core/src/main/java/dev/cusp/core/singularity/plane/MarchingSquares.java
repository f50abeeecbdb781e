package dev.cusp.core.singularity.plane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero level set of a function sampled on a rectangular grid, as polylines (marching squares, Lorensen &amp;
 * Cline 1987 in two dimensions): one crossing per grid edge whose end values change sign (v &gt; 0 against
 * v ≤ 0), placed by linear interpolation; ambiguous saddle cells are resolved by the cell-centre average.
 */
public final class MarchingSquares {

    private MarchingSquares() {
    }

    /** One polyline of the zero set: points in order, closed when its last point joins its first. */
    public record Polyline(List<double[]> points, boolean closed) {
    }

    /**
     * Zero set of v[i][j] sampled at (s[i], t[j]).
     *
     * @param s grid abscissae, ascending
     * @param t grid ordinates, ascending
     * @param v values, [s.length][t.length]
     */
    public static List<Polyline> contour(double[] s, double[] t, double[][] v) {
        int ns = s.length;
        int nt = t.length;
        if (v.length != ns || v[0].length != nt || ns < 2 || nt < 2) {
            throw new IllegalArgumentException("grid values must be [" + ns + "][" + nt + "] with at least 2x2 nodes");
        }
        Map<Long, double[]> crossing = new HashMap<>();
        Map<Long, List<Long>> links = new HashMap<>();
        for (int i = 0; i + 1 < ns; i++) {
            for (int j = 0; j + 1 < nt; j++) {
                long bottom = horizontal(i, j, nt);
                long top = horizontal(i, j + 1, nt);
                long left = vertical(i, j, nt);
                long right = vertical(i + 1, j, nt);
                boolean p00 = v[i][j] > 0;
                boolean p10 = v[i + 1][j] > 0;
                boolean p11 = v[i + 1][j + 1] > 0;
                boolean p01 = v[i][j + 1] > 0;
                List<Long> cut = new ArrayList<>(4);
                if (p00 != p10) {
                    cut.add(bottom);
                    crossing.putIfAbsent(bottom, lerp(s[i], t[j], v[i][j], s[i + 1], t[j], v[i + 1][j]));
                }
                if (p10 != p11) {
                    cut.add(right);
                    crossing.putIfAbsent(right, lerp(s[i + 1], t[j], v[i + 1][j], s[i + 1], t[j + 1], v[i + 1][j + 1]));
                }
                if (p01 != p11) {
                    cut.add(top);
                    crossing.putIfAbsent(top, lerp(s[i], t[j + 1], v[i][j + 1], s[i + 1], t[j + 1], v[i + 1][j + 1]));
                }
                if (p00 != p01) {
                    cut.add(left);
                    crossing.putIfAbsent(left, lerp(s[i], t[j], v[i][j], s[i], t[j + 1], v[i][j + 1]));
                }
                if (cut.size() == 2) {
                    link(links, cut.get(0), cut.get(1));
                } else if (cut.size() == 4) {
                    double centre = (v[i][j] + v[i + 1][j] + v[i + 1][j + 1] + v[i][j + 1]) / 4;
                    if ((centre > 0) == p00) {
                        // the diagonal 00–11 is connected: cut off corners 10 and 01
                        link(links, bottom, right);
                        link(links, left, top);
                    } else {
                        link(links, left, bottom);
                        link(links, right, top);
                    }
                }
            }
        }
        return chain(crossing, links);
    }

    private static List<Polyline> chain(Map<Long, double[]> crossing, Map<Long, List<Long>> links) {
        List<Polyline> lines = new ArrayList<>();
        java.util.Set<Long> used = new java.util.HashSet<>();
        // open chains start at an end (one link), then what remains are closed loops
        List<Long> starts = new ArrayList<>();
        links.forEach((k, l) -> {
            if (l.size() == 1) {
                starts.add(k);
            }
        });
        java.util.Collections.sort(starts);
        List<Long> all = new ArrayList<>(links.keySet());
        java.util.Collections.sort(all);
        starts.addAll(all);
        for (long start : starts) {
            if (used.contains(start)) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            long previous = Long.MIN_VALUE;
            long current = start;
            boolean closed = false;
            while (true) {
                used.add(current);
                points.add(crossing.get(current));
                long next = Long.MIN_VALUE;
                for (long candidate : links.get(current)) {
                    if (candidate != previous && !used.contains(candidate)) {
                        next = candidate;
                        break;
                    }
                }
                if (next == Long.MIN_VALUE) {
                    closed = points.size() > 2 && links.get(current).contains(start) && previous != start;
                    break;
                }
                previous = current;
                current = next;
            }
            lines.add(new Polyline(points, closed));
        }
        return lines;
    }

    private static void link(Map<Long, List<Long>> links, long a, long b) {
        links.computeIfAbsent(a, k -> new ArrayList<>(2)).add(b);
        links.computeIfAbsent(b, k -> new ArrayList<>(2)).add(a);
    }

    private static long horizontal(int i, int j, int nt) {
        return 2L * ((long) i * nt + j);
    }

    private static long vertical(int i, int j, int nt) {
        return 2L * ((long) i * nt + j) + 1;
    }

    private static double[] lerp(double sa, double ta, double va, double sb, double tb, double vb) {
        double w = va / (va - vb);
        return new double[] {sa + w * (sb - sa), ta + w * (tb - ta)};
    }
}
