package dev.cusp.core.job;

import java.util.List;
import java.util.Map;

/**
 * A job's headline figures: clean accuracy, robust accuracy per (attack, norm, ε) in that order, and
 * distributions of the geometry keyed {@code <quantity>.<point>} (see {@link ReportAggregator}).
 */
public record JobReport(int examples, double cleanAccuracy, List<RobustAccuracy> robustAccuracy,
        Map<String, Distribution> distributions) {
}
