package dev.cusp.report.rest;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.job.PlanWorstCase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Per-example rows as CSV: one line per example and attack outcome, with the smallest singular value, condition
 * number and margin at the clean and the adversarial point (empty where not analysed), and
 * {@code broken_by_any_attack}: whether any attack of the plan with the line's norm broke the example at its ε (the
 * per-example worst case behind {@code attacks.worstCase} of the report).
 */
final class ExamplesCsv {
    static final String HEADER = "example_index,shard_no,label,clean_prediction,attack,norm,epsilon,success,"
            + "adversarial_prediction,linf,l2,l0,iterations,gradient_evaluations,queries,l1,margin,stage,seed,"
            + "clean_sigma_min,clean_condition_number,clean_margin,"
            + "adversarial_sigma_min,adversarial_condition_number,adversarial_margin,broken_by_any_attack";

    private ExamplesCsv() {
    }

    static String write(List<ExampleView> examples) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (ExampleView example : examples) {
            String geometry = point(example, PointGeometry.CLEAN) + "," + point(example, PointGeometry.ADVERSARIAL);
            String head = example.exampleIndex() + "," + example.shardNo() + "," + example.label() + ","
                    + example.cleanPrediction() + ",";
            if (example.outcomes().isEmpty()) {
                csv.append(head).append(",,,,,,,,,,,,,,,").append(geometry).append(",\n");
            }
            Set<PlanWorstCase.Budget> broken = PlanWorstCase.broken(example.outcomes());
            for (AttackOutcome o : example.outcomes()) {
                csv.append(head).append(new StringJoiner(",")
                                .add(o.attack()).add(o.norm()).add(Double.toString(o.epsilon()))
                                .add(Boolean.toString(o.success())).add(Integer.toString(o.adversarialPrediction()))
                                .add(Double.toString(o.linf())).add(Double.toString(o.l2()))
                                .add(Double.toString(o.l0())).add(Integer.toString(o.iterations()))
                                .add(Integer.toString(o.gradientEvaluations())).add(Integer.toString(o.queries()))
                                .add(Double.toString(o.l1())).add(Double.toString(o.margin()))
                                .add(o.stage() == null ? "" : o.stage()).add(Long.toString(o.seed())))
                        .append(',').append(geometry).append(',')
                        .append(broken.contains(new PlanWorstCase.Budget(o.norm(), o.epsilon()))).append('\n');
            }
        }
        return csv.toString();
    }

    private static String point(ExampleView example, String name) {
        Optional<PointGeometry> point = example.geometry().stream().filter(p -> name.equals(p.point())).findFirst();
        if (point.isEmpty()) {
            return ",,";
        }
        double[] sigma = point.get().singularValues();
        String sigmaMin = sigma.length == 0 ? "" : Double.toString(sigma[sigma.length - 1]);
        return sigmaMin + "," + point.get().conditionNumber() + "," + point.get().margin();
    }
}
