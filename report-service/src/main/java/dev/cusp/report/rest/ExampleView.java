package dev.cusp.report.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.job.PlanWorstCase;
import java.util.Comparator;
import java.util.List;

/** One analysed example of a job: label, clean prediction, every attack outcome and the geometry at each point. */
public record ExampleView(
        int exampleIndex,
        int shardNo,
        int label,
        int cleanPrediction,
        List<AttackOutcome> outcomes,
        List<PointGeometry> geometry) {

    /**
     * The (norm, ε) budgets at which some attack of the plan broke this example, in norm then ε order: the
     * per-example worst case behind {@code attacks.worstCase} (the CSV's {@code broken_by_any_attack}).
     */
    @JsonProperty("brokenByAnyAttack")
    public List<PlanWorstCase.Budget> brokenByAnyAttack() {
        return PlanWorstCase.broken(outcomes).stream()
                .sorted(Comparator.comparing(PlanWorstCase.Budget::norm)
                        .thenComparingDouble(PlanWorstCase.Budget::epsilon))
                .toList();
    }
}
