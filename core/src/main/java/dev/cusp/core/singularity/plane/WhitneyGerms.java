package dev.cusp.core.singularity.plane;

/**
 * The normal forms of Whitney's stable singularities of maps of the plane (Whitney 1955): the fold
 * (x, y) ↦ (x, y²), critical curve y = 0, and the cusp (x, y) ↦ (x, y³ + xy), critical curve x = −3y² with a
 * single cusp at the origin; the exact oracles of {@link FoldCuspDetector}.
 */
public final class WhitneyGerms {

    private WhitneyGerms() {
    }

    /** (x, y) ↦ (x, y²). */
    public static PlaneMap fold() {
        return new PlaneMap() {
            @Override
            public double[][] values(double[][] p) {
                double[][] v = new double[p.length][];
                for (int i = 0; i < p.length; i++) {
                    v[i] = new double[] {p[i][0], p[i][1] * p[i][1]};
                }
                return v;
            }

            @Override
            public double[][][] jacobians(double[][] p) {
                double[][][] j = new double[p.length][][];
                for (int i = 0; i < p.length; i++) {
                    j[i] = new double[][] {{1, 0}, {0, 2 * p[i][1]}};
                }
                return j;
            }
        };
    }

    /** (x, y) ↦ (x, y³ + xy). */
    public static PlaneMap cusp() {
        return new PlaneMap() {
            @Override
            public double[][] values(double[][] p) {
                double[][] v = new double[p.length][];
                for (int i = 0; i < p.length; i++) {
                    double x = p[i][0];
                    double y = p[i][1];
                    v[i] = new double[] {x, y * y * y + x * y};
                }
                return v;
            }

            @Override
            public double[][][] jacobians(double[][] p) {
                double[][][] j = new double[p.length][][];
                for (int i = 0; i < p.length; i++) {
                    double x = p[i][0];
                    double y = p[i][1];
                    j[i] = new double[][] {{1, 0}, {y, 3 * y * y + x}};
                }
                return j;
            }
        };
    }
}
