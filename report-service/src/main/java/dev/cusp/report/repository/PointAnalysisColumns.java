package dev.cusp.report.repository;

import dev.cusp.core.event.PointGeometry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of table {@code point_analysis} and how a schema-version-2 {@link PointGeometry} maps onto them: one
 * column group per part, all NULL when the part is absent (the first column of each group tells which).
 */
final class PointAnalysisColumns {
    /** In insert order, after job_id, example_index, point. */
    static final List<String> COLUMNS = List.of(
            "rank", "corank", "boardman_index", "rank_tolerance", "jacobian_norm",
            "reference_class", "runner_up", "margin_gradient_norm", "margin_gradient_norm_l1", "first_order_l2",
            "first_order_linf", "needed_l2", "needed_linf", "ratio_l2", "ratio_linf",
            "facet_nearest_class", "facet_nearest", "facet_second_class", "facet_second", "facet_ratio", "facet_cosine",
            "kink_l2", "kink_linf", "kink_layer", "kink_unit", "smallest_pre_activation", "rank_bound",
            "certified_corank",
            "gradient_health", "loss_gradient_norm",
            "segment_l2", "segment_linf", "crossed", "t_low", "t_high", "from_class", "to_class", "hamming", "regions",
            "regions_truncated",
            "tied_classes", "third_distance", "tie_radius",
            "clever_l2", "clever_linf", "clever_l2_spread", "clever_linf_spread", "clever_seeds", "clever_batches",
            "clever_batch_size",
            "fold_distance", "cusp_distance", "slice_attack_distance", "cusps", "fold_points", "sigma2_points",
            "rank_deficient_fraction", "slice_smooth",
            "labels", "primary_label", "reasons");

    private PointAnalysisColumns() {
    }

    /** Binds the point's analysis to parameters {@code first}, {@code first + 1}, ... in {@link #COLUMNS} order. */
    static void bind(PreparedStatement ps, int first, PointGeometry p) throws SQLException {
        Binder b = new Binder(ps, first);
        PointGeometry.Spectrum s = p.spectrum();
        b.ints(3, s == null ? null : new int[] {s.rank(), s.corank(), s.boardmanIndex()});
        b.doubles(2, s == null ? null : new double[] {s.tolerance(), s.jacobianNorm()});
        PointGeometry.Boundary m = p.boundary();
        b.ints(2, m == null ? null : new int[] {m.referenceClass(), m.runnerUp()});
        b.doubles(8, m == null ? null : new double[] {m.gradientNorm(), m.gradientNormL1(), m.firstOrderL2(),
                m.firstOrderLinf(), m.neededL2(), m.neededLinf(), m.ratioL2(), m.ratioLinf()});
        PointGeometry.Facets f = p.facets();
        b.ints(1, f == null ? null : new int[] {f.nearestClass()});
        b.doubles(1, f == null ? null : new double[] {f.nearest()});
        b.ints(1, f == null ? null : new int[] {f.secondClass()});
        b.doubles(3, f == null ? null : new double[] {f.second(), f.ratio(), f.normalCosine()});
        PointGeometry.Relu r = p.relu();
        b.doubles(2, r == null ? null : new double[] {r.kinkL2(), r.kinkLinf()});
        b.ints(2, r == null ? null : new int[] {r.kinkLayer(), r.kinkUnit()});
        b.doubles(1, r == null ? null : new double[] {r.smallestPreActivation()});
        b.ints(2, r == null ? null : new int[] {r.rankBound(), r.certifiedCorank()});
        PointGeometry.Health h = p.health();
        b.string(h == null ? null : h.status());
        b.doubles(1, h == null ? null : new double[] {h.norm()});
        PointGeometry.Segment g = p.segment();
        b.doubles(2, g == null ? null : new double[] {g.lengthL2(), g.lengthLinf()});
        b.bool(g == null ? null : g.crossed());
        b.doubles(2, g == null ? null : new double[] {g.tLow(), g.tHigh()});
        b.ints(4, g == null ? null : new int[] {g.fromClass(), g.toClass(), g.hamming(), g.regions()});
        b.bool(g == null ? null : g.regionsTruncated());
        PointGeometry.Junction j = p.junction();
        b.intArray(j == null ? null : j.tiedClasses());
        b.doubles(2, j == null ? null : new double[] {j.thirdDistance(), j.radius()});
        PointGeometry.Clever c = p.clever();
        b.doubles(4, c == null ? null : new double[] {c.l2(), c.linf(), c.l2Spread(), c.linfSpread()});
        b.ints(3, c == null ? null : new int[] {c.seeds(), c.batches(), c.batchSize()});
        PointGeometry.Slice l = p.slice();
        b.doubles(3, l == null ? null : new double[] {l.foldDistance(), l.cuspDistance(), l.attackDistance()});
        b.ints(3, l == null ? null : new int[] {l.cusps(), l.foldPoints(), l.sigma2Points()});
        b.doubles(1, l == null ? null : new double[] {l.rankDeficientFraction()});
        b.bool(l == null ? null : l.smooth());
        b.textArray(p.labels());
        b.string(p.primaryLabel());
        b.textArray(p.reasons());
        if (b.next != first + COLUMNS.size()) {
            throw new IllegalStateException("bound " + (b.next - first) + " point_analysis columns, the table has "
                    + COLUMNS.size());
        }
    }

    /**
     * The point from its {@code point_geometry} columns ({@code example_index}, {@code point},
     * {@code predicted_class}, {@code singular_values}, {@code condition_number}, {@code margin}) and its analysis
     * columns (all NULL for a schema-version-1 point).
     */
    static PointGeometry read(ResultSet rs) throws SQLException {
        Double[] sigma = (Double[]) rs.getArray("singular_values").getArray();
        double[] singularValues = Arrays.stream(sigma).mapToDouble(Double::doubleValue).toArray();
        int example = rs.getInt("example_index");
        String point = rs.getString("point");
        int predicted = rs.getInt("predicted_class");
        double kappa = rs.getDouble("condition_number");
        double margin = rs.getDouble("margin");
        if (rs.getString("primary_label") == null) {
            return new PointGeometry(example, point, predicted, singularValues, kappa, margin);
        }
        PointGeometry.Spectrum spectrum = present(rs, "rank") ? new PointGeometry.Spectrum(rs.getInt("rank"),
                rs.getInt("corank"), rs.getInt("boardman_index"), rs.getDouble("rank_tolerance"),
                rs.getDouble("jacobian_norm")) : null;
        PointGeometry.Boundary boundary = present(rs, "reference_class") ? new PointGeometry.Boundary(
                rs.getInt("reference_class"), rs.getInt("runner_up"), rs.getDouble("margin_gradient_norm"),
                rs.getDouble("margin_gradient_norm_l1"), rs.getDouble("first_order_l2"),
                rs.getDouble("first_order_linf"), rs.getDouble("needed_l2"), rs.getDouble("needed_linf"),
                rs.getDouble("ratio_l2"), rs.getDouble("ratio_linf")) : null;
        PointGeometry.Facets facets = present(rs, "facet_nearest_class") ? new PointGeometry.Facets(
                rs.getInt("facet_nearest_class"), rs.getDouble("facet_nearest"), rs.getInt("facet_second_class"),
                rs.getDouble("facet_second"), rs.getDouble("facet_ratio"), rs.getDouble("facet_cosine")) : null;
        PointGeometry.Relu relu = present(rs, "kink_layer") ? new PointGeometry.Relu(rs.getDouble("kink_l2"),
                rs.getDouble("kink_linf"), rs.getInt("kink_layer"), rs.getInt("kink_unit"),
                rs.getDouble("smallest_pre_activation"), rs.getInt("rank_bound"), rs.getInt("certified_corank")) : null;
        PointGeometry.Health health = present(rs, "gradient_health") ? new PointGeometry.Health(
                rs.getString("gradient_health"), rs.getDouble("loss_gradient_norm")) : null;
        PointGeometry.Segment segment = present(rs, "crossed") ? new PointGeometry.Segment(rs.getDouble("segment_l2"),
                rs.getDouble("segment_linf"), rs.getBoolean("crossed"), rs.getDouble("t_low"), rs.getDouble("t_high"),
                rs.getInt("from_class"), rs.getInt("to_class"), rs.getInt("hamming"), rs.getInt("regions"),
                rs.getBoolean("regions_truncated")) : null;
        PointGeometry.Junction junction = present(rs, "tied_classes") ? new PointGeometry.Junction(
                Arrays.stream((Integer[]) rs.getArray("tied_classes").getArray()).mapToInt(Integer::intValue).toArray(),
                rs.getDouble("third_distance"), rs.getDouble("tie_radius")) : null;
        PointGeometry.Clever clever = present(rs, "clever_seeds") ? new PointGeometry.Clever(rs.getDouble("clever_l2"),
                rs.getDouble("clever_linf"), rs.getDouble("clever_l2_spread"), rs.getDouble("clever_linf_spread"),
                rs.getInt("clever_seeds"), rs.getInt("clever_batches"), rs.getInt("clever_batch_size")) : null;
        PointGeometry.Slice slice = present(rs, "slice_smooth") ? new PointGeometry.Slice(rs.getDouble("fold_distance"),
                rs.getDouble("cusp_distance"), rs.getDouble("slice_attack_distance"), rs.getInt("cusps"),
                rs.getInt("fold_points"), rs.getInt("sigma2_points"), rs.getDouble("rank_deficient_fraction"),
                rs.getBoolean("slice_smooth")) : null;
        return new PointGeometry(example, point, predicted, singularValues, kappa, margin, spectrum, boundary, facets,
                relu, health, segment, junction, clever, slice, texts(rs.getArray("labels")),
                rs.getString("primary_label"), texts(rs.getArray("reasons")));
    }

    private static boolean present(ResultSet rs, String column) throws SQLException {
        rs.getObject(column);
        return !rs.wasNull();
    }

    private static List<String> texts(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    /** Binds consecutive parameters, NULL where a part is absent. */
    private static final class Binder {
        private final PreparedStatement ps;
        private int next;

        Binder(PreparedStatement ps, int first) {
            this.ps = ps;
            this.next = first;
        }

        /** {@code count} doubles, or {@code count} NULLs when the part is absent ({@code values} null). */
        void doubles(int count, double[] values) throws SQLException {
            for (int k = 0; k < count; k++) {
                if (values == null) {
                    ps.setNull(next++, Types.DOUBLE);
                } else {
                    ps.setDouble(next++, values[k]);
                }
            }
        }

        /** {@code count} ints, or {@code count} NULLs when the part is absent ({@code values} null). */
        void ints(int count, int[] values) throws SQLException {
            for (int k = 0; k < count; k++) {
                if (values == null) {
                    ps.setNull(next++, Types.INTEGER);
                } else {
                    ps.setInt(next++, values[k]);
                }
            }
        }

        void string(String value) throws SQLException {
            if (value == null) {
                ps.setNull(next++, Types.VARCHAR);
            } else {
                ps.setString(next++, value);
            }
        }

        void bool(Boolean value) throws SQLException {
            if (value == null) {
                ps.setNull(next++, Types.BOOLEAN);
            } else {
                ps.setBoolean(next++, value);
            }
        }

        void intArray(int[] values) throws SQLException {
            if (values == null) {
                ps.setNull(next++, Types.ARRAY);
            } else {
                Connection c = ps.getConnection();
                ps.setArray(next++, c.createArrayOf("int4", Arrays.stream(values).boxed().toArray()));
            }
        }

        void textArray(List<String> values) throws SQLException {
            ps.setArray(next++, ps.getConnection().createArrayOf("text", values.toArray()));
        }
    }
}
