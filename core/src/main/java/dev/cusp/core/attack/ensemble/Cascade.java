package dev.cusp.core.attack.ensemble;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attacks run in turn, each only on the points still robust after the previous ones (AutoAttack's cascade):
 * the result per point is the worst case over the stages — the first stage's adversarial that broke it, or,
 * for a point nothing broke, the in-budget stage result with the lowest margin — and the stage that broke it is
 * kept.
 * Costs add up over the stages that ran on the point.
 */
public final class Cascade implements Attack {

    /** Name of the pseudo-stage for points the model already gets wrong. */
    public static final String CLEAN = "clean";

    /** The stages' names and parameter records, in order. */
    public record Params(List<String> stages, List<Record> parameters) {
    }

    /** What one stage did: how many points it ran on and broke, and its cost. */
    public record Stage(String attack, int attacked, int broken, long queries, long gradientEvaluations) {
    }

    /** The worst-case result, the stage that broke each point (null: robust) and each stage's summary. */
    public record Outcome(AttackResult result, List<String> brokenBy, List<Stage> stages) {
    }

    private final String name;
    private final Norm norm;
    private final List<Attack> stages;

    public Cascade(String name, List<Attack> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a cascade needs at least one attack");
        }
        Norm first = stages.get(0).norm();
        for (Attack a : stages) {
            if (a.norm() != first) {
                throw new IllegalArgumentException("all stages must share one norm: " + a.name() + " uses " + a.norm()
                        + ", " + stages.get(0).name() + " uses " + first);
            }
        }
        this.name = name;
        this.norm = first;
        this.stages = List.copyOf(stages);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Norm norm() {
        return norm;
    }

    @Override
    public boolean minimizesNorm() {
        return false;
    }

    @Override
    public Params parameters() {
        return new Params(stages.stream().map(Attack::name).toList(),
                stages.stream().map(Attack::parameters).toList());
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        return runStages(model, request).result();
    }

    /** Runs the cascade and keeps which stage broke each point. */
    public Outcome runStages(AttackModel model, AttackRequest request) {
        request.requireFiniteEpsilons(name);
        int n = request.size();
        INDArray adversarial = request.inputs().dup();
        List<ExampleResult> examples = new ArrayList<>(n);
        List<String> brokenBy = new ArrayList<>(n);
        boolean[] broken = request.criterion().isAdversarial(model.logits(request.inputs()));
        for (int i = 0; i < n; i++) {
            examples.add(null);
            brokenBy.add(broken[i] ? CLEAN : null);
        }
        List<Stage> summaries = new ArrayList<>();
        for (Attack stage : stages) {
            int[] rows = Tensors.where(broken, false);
            if (rows.length == 0) {
                break;
            }
            AttackResult result = stage.run(model, request.select(rows));
            int newlyBroken = 0;
            for (int k = 0; k < rows.length; k++) {
                int i = rows[k];
                ExampleResult previous = examples.get(i);
                ExampleResult current = result.example(k);
                // a robust point keeps the in-budget result closest to the boundary (minimal-norm stages such as
                // FAB may return adversarials beyond ε, which are not points of the ε-ball)
                boolean keep = current.success() || previous == null
                        || Outcomes.withinBudget(current.distance(norm), current.epsilon())
                        && current.margin() < previous.margin();
                ExampleResult chosen = keep ? current : previous;
                if (previous != null) {
                    chosen = chosen.withCosts(previous.iterations() + current.iterations(),
                            previous.gradientEvaluations() + current.gradientEvaluations(),
                            previous.queries() + current.queries());
                }
                examples.set(i, chosen);
                if (keep) {
                    adversarial.putRow(i, result.adversarial().getRow(k));
                }
                if (current.success()) {
                    broken[i] = true;
                    brokenBy.set(i, stage.name());
                    newlyBroken++;
                }
            }
            summaries.add(new Stage(stage.name(), rows.length, newlyBroken, result.totalQueries(),
                    result.totalGradientEvaluations()));
        }
        // points the model already got wrong: success with a zero perturbation and no stage run on them
        int[] clean = IntStream.range(0, n).filter(i -> examples.get(i) == null).toArray();
        if (clean.length > 0) {
            AttackResult untouched = Outcomes.of(name, norm, model, request.select(clean),
                    request.select(clean).inputs(), new int[clean.length], new long[clean.length],
                    new long[clean.length]);
            for (int k = 0; k < clean.length; k++) {
                examples.set(clean[k], untouched.example(k));
            }
        }
        return new Outcome(new AttackResult(name, norm, adversarial, examples), brokenBy, summaries);
    }
}
