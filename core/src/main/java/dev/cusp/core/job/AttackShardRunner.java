package dev.cusp.core.job;

import dev.cusp.core.CuspVersion;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.RobustnessCurve;
import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackRun;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.event.Provenance;
import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a shard's attack plan with the catalogue's attacks ({@link AttackRegistry}): fixed-ε attacks once per ε,
 * minimal-norm attacks (DeepFool, C&amp;W, FAB, HopSkipJump) once with an unbounded budget giving an outcome for
 * every ε of the spec from the smallest adversarial found, AutoAttack as the cascade per ε (the worst case per
 * example and the stage that broke it). Each run's seed comes from {@link RunSeeds}. Foolbox convention: an
 * example the model already misclassifies counts as a success with x' = x. The adversarial batch for the next
 * stage holds the first attack's inputs at its largest ε (its minimal adversarials for a minimal-norm attack).
 */
public final class AttackShardRunner {
    /** Attacks this runner supports, as "name/norm". */
    public static final List<String> SUPPORTED = AttackRegistry.supported();

    public static AttackResults run(Classifier model, LabeledData data, AttackTask task) {
        List<AttackRegistry.Configured> plan = checkTask(task);
        checkCompatible(model, data);
        plan.forEach(attack -> AttackRegistry.requireClasses(attack.name(), model.classes()));
        int[] indices = task.exampleIndices();
        LabeledData shard = data.select(indices);
        int n = shard.size();
        INDArray x = shard.features().castTo(model.dataType());
        int[] labels = shard.labels();
        int[] clean = model.predict(x);
        AttackModel attackModel = ClassifierModel.of(model);
        Misclassification criterion = new Misclassification(labels);
        MaskingEvidence masking = MaskingChecks.evidence(attackModel, x, criterion);

        List<List<AttackOutcome>> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(new ArrayList<>());
        }
        List<AttackRun> runs = new ArrayList<>(plan.size());
        AdversarialBatch batch = null;
        for (int a = 0; a < plan.size(); a++) {
            AttackRegistry.Configured attack = plan.get(a);
            AttackSpec spec = task.plan().attacks().get(a);
            List<Double> epsilons = spec.epsilons();
            double largest = Collections.max(epsilons);
            List<Long> seeds = new ArrayList<>();
            if (attack.kind() == AttackRegistry.Kind.MINIMAL) {
                long seed = RunSeeds.of(task.seed(), task.shardNo(), a, RunSeeds.ALL_EPSILONS);
                seeds.add(seed);
                AttackResult result = attack.attack().run(attackModel,
                        AttackRequest.unbounded(x, criterion).withSeed(seed));
                for (double epsilon : epsilons) {
                    for (int i = 0; i < n; i++) {
                        ExampleResult r = result.example(i);
                        boolean success = RobustnessCurve.broken(r, attack.norm(), epsilon);
                        outcomes.get(i).add(outcome(attack, epsilon, r, success, null, seed));
                    }
                }
                if (batch == null) {
                    batch = batch(attack, largest, result.adversarial());
                }
            } else {
                for (int e = 0; e < epsilons.size(); e++) {
                    double epsilon = epsilons.get(e);
                    long seed = RunSeeds.of(task.seed(), task.shardNo(), a, e);
                    seeds.add(seed);
                    AttackRequest request = AttackRequest.of(x, criterion, epsilon).withSeed(seed)
                            .withBounds(Bounds.UNIT);
                    AttackResult result;
                    List<String> stages = null;
                    if (attack.kind() == AttackRegistry.Kind.CASCADE) {
                        Cascade.Outcome cascade = ((Cascade) attack.attack()).runStages(attackModel, request);
                        result = cascade.result();
                        stages = cascade.brokenBy();
                    } else {
                        result = attack.attack().run(attackModel, request);
                    }
                    for (int i = 0; i < n; i++) {
                        ExampleResult r = result.example(i);
                        outcomes.get(i).add(outcome(attack, epsilon, r, r.success(),
                                stages == null ? null : stages.get(i), seed));
                    }
                    if (batch == null && epsilon == largest) {
                        batch = batch(attack, epsilon, result.adversarial());
                    }
                }
            }
            runs.add(attack.describe(epsilons, seeds));
        }
        List<ExampleAttack> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            examples.add(new ExampleAttack(indices[i], labels[i], clean[i], List.copyOf(outcomes.get(i))));
        }
        Provenance provenance = new Provenance(task.modelSha256(), task.dataset(), indices.clone(), task.seed(),
                CuspVersion.get(), List.copyOf(runs));
        return new AttackResults(AttackResults.SCHEMA_VERSION, task.jobId(), task.shardNo(), task.shardCount(),
                task.modelSha256(), task.dataset(), indices.clone(), examples, batch, task.singularityPlan(),
                provenance, masking);
    }

    private static AttackOutcome outcome(AttackRegistry.Configured attack, double epsilon, ExampleResult r,
            boolean success, String stage, long seed) {
        return new AttackOutcome(attack.name(), attack.norm().id(), epsilon, success, r.adversarialClass(), r.linf(),
                r.l2(), r.l0(), r.iterations(), Math.toIntExact(r.gradientEvaluations()), Math.toIntExact(r.queries()),
                r.l1(), r.margin(), stage, seed);
    }

    private static AdversarialBatch batch(AttackRegistry.Configured attack, double epsilon, INDArray adversarial) {
        return new AdversarialBatch(attack.name(), epsilon, new int[] {(int) adversarial.rows(),
                (int) adversarial.columns()}, TensorCodec.ENCODING, TensorCodec.encode(adversarial));
    }

    /** The configured plan; {@link IllegalArgumentException} saying what is wrong with the task otherwise. */
    static List<AttackRegistry.Configured> checkTask(AttackTask task) {
        if (task == null || task.exampleIndices() == null || task.exampleIndices().length == 0) {
            throw new IllegalArgumentException("an attack task with at least one example index is required");
        }
        if (task.plan() == null || task.plan().attacks() == null || task.plan().attacks().isEmpty()) {
            throw new IllegalArgumentException("the attack plan has no attacks");
        }
        List<AttackRegistry.Configured> configured = new ArrayList<>();
        for (AttackSpec spec : task.plan().attacks()) {
            configured.add(AttackRegistry.configure(spec));
            String key = spec.attack() + "/" + spec.norm();
            if (spec.epsilons() == null || spec.epsilons().isEmpty()) {
                throw new IllegalArgumentException("attack " + key + " has no ε");
            }
            for (Double eps : spec.epsilons()) {
                if (eps == null || !Double.isFinite(eps) || eps < 0) {
                    throw new IllegalArgumentException("attack " + key + " has an invalid ε " + eps
                            + " (finite and >= 0 required) in " + Arrays.toString(spec.epsilons().toArray()));
                }
            }
        }
        return configured;
    }

    static void checkCompatible(Classifier model, LabeledData data) {
        if (model.inputSize() != data.featureCount()) {
            throw new IllegalArgumentException("the model expects " + model.inputSize() + " input features, the data set has "
                    + data.featureCount());
        }
        if (model.classes() != data.classes()) {
            throw new IllegalArgumentException("the model has " + model.classes() + " classes, the data set has "
                    + data.classes());
        }
    }

    private AttackShardRunner() {
    }
}
