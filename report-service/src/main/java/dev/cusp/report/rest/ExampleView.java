package dev.cusp.report.rest;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.PointGeometry;
import java.util.List;

/** One analysed example of a job: label, clean prediction, every attack outcome and the geometry at each point. */
public record ExampleView(
        int exampleIndex,
        int shardNo,
        int label,
        int cleanPrediction,
        List<AttackOutcome> outcomes,
        List<PointGeometry> geometry) {
}
