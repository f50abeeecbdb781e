package dev.cusp.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class SingularityPlanTest {

    @Test
    void costlyWorkCountsOnlyTheTiersThePlanHas() {
        SingularityPlan.Budget b = new SingularityPlan.Budget(3, 50, 128, 2, 2, 61, 128, 20);
        // CLEVER: 2 norms × 3 examples × 2 seeds × 50 × 128; slices: 6 × 2 × 61²; Hessian: 4 × 20 × 128
        assertThat(new SingularityPlan(List.of(SingularityPlan.CHEAP), b).costlyGradientRows()).isZero();
        assertThat(new SingularityPlan(List.of(SingularityPlan.CLEVER), b).costlyGradientRows()).isEqualTo(76_800);
        assertThat(new SingularityPlan(List.of(SingularityPlan.SLICES), b).costlyGradientRows()).isEqualTo(44_652);
        assertThat(new SingularityPlan(List.of(SingularityPlan.HESSIAN), b).costlyGradientRows()).isEqualTo(10_240);
        assertThat(new SingularityPlan(List.of("clever", "slices", "hessian"), b).costlyGradientRows())
                .isEqualTo(76_800 + 44_652 + 10_240);
    }

    @Test
    void aVersionOnePlanReadsWithTheDefaultBudget() throws Exception {
        SingularityPlan read = new ObjectMapper().readValue("{\"tiers\":[\"spectrum\",\"margin\"]}",
                SingularityPlan.class);
        assertThat(read).isEqualTo(SingularityPlan.basic());
        assertThat(read.budget()).isEqualTo(SingularityPlan.Budget.defaults());
        assertThat(new SingularityPlan(null, null).tiers()).isEmpty();
        assertThat(SingularityPlan.cheap().tiers()).containsExactly(SingularityPlan.CHEAP);
    }

    @Test
    void aVersionTwoShardSurvivesJsonWithNaNAndInfinity() throws Exception {
        ObjectMapper json = new ObjectMapper();
        PointGeometry point = new PointGeometry(3, PointGeometry.CROSSING, 1, new double[] {2, 0}, Double.POSITIVE_INFINITY,
                -0.0, new PointGeometry.Spectrum(1, 1, 3, 1e-15, 2), new PointGeometry.Boundary(1, 2, 0, 0,
                        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                null, new PointGeometry.Relu(0.1, 0.01, 0, 4, 0.2, 1, 1), new PointGeometry.Health("ZERO", 0), null,
                new PointGeometry.Junction(new int[] {1, 2, 0}, 0.3, 0.01), null, null,
                List.of("JUNCTION", "RANK_DEFICIENT"), "JUNCTION", List.of("JUNCTION: 3 classes tie", "RANK_DEFICIENT: x"));
        SingularityResults results = new SingularityResults(SingularityResults.SCHEMA_VERSION,
                java.util.UUID.randomUUID(), 1, 2, List.of(point), null,
                List.of(new SlicePicture(3, "clean", -1, 2, -1, 1, 4, 5, SlicePicture.ENCODING, "iVBOR")),
                new Curvature(5, 1.5, 3, true, 4, 0.5, 6, 9, Curvature.CENTRAL_DIFFERENCES), java.util.Map.of("cheap", 12L));
        SingularityResults back = json.readValue(json.writeValueAsString(results), SingularityResults.class);
        assertThat(back).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(results);
    }
}
