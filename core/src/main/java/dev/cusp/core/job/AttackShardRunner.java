package dev.cusp.core.job;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Attacks;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Fgsm;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runs a shard's attack plan. Foolbox convention: an example the model already misclassifies is not attacked
 * and counts as a success with x' = x (zero perturbation, 0 iterations, 0 gradient evaluations, 0 queries).
 * For an attacked example FGSM reports per ε: 1 iteration, 1 gradient evaluation (the gradient is computed
 * once and shared by all ε, but each ε alone would need it) and 2 queries, a query being one model evaluation:
 * the forward pass under the gradient and the prediction at x'. Norms are of x' − x, computed in double.
 *
 * <p>Every other attack of the catalogue ({@link Attacks}) runs through the common attack interface with the
 * spec's parameter overrides: a fixed-ε attack once per ε, a minimal-norm attack (DeepFool, C&amp;W, FAB,
 * HopSkipJump) once for all ε — its outcome at ε is a success when the minimal perturbation found fits in ε, and
 * its norms are those of that perturbation. The seed is the spec's {@code seed} parameter, else derived from the
 * job id and shard number.
 */
public final class AttackShardRunner {
    /** Attacks this runner supports, as "name/norm". */
    public static final List<String> SUPPORTED = Attacks.supported();

    /** The plan parameter that fixes an attack's seed (removed before the attack reads its overrides). */
    public static final String SEED = "seed";

    public static AttackResults run(Classifier model, LabeledData data, AttackTask task) {
        checkTask(task);
        checkCompatible(model, data);
        for (AttackSpec spec : task.plan().attacks()) {
            Attacks.requireClasses(spec.attack(), model.classes());
        }
        int[] indices = task.exampleIndices();
        LabeledData shard = data.select(indices);
        int n = shard.size();
        INDArray x = shard.features().castTo(model.dataType());
        INDArray oneHot = shard.oneHot().castTo(model.dataType());
        int[] clean = model.predict(x);
        boolean[] correct = new boolean[n];
        double[] attackedMask = new double[n];
        for (int i = 0; i < n; i++) {
            correct[i] = clean[i] == shard.labels()[i];
            attackedMask[i] = correct[i] ? 1 : 0;
        }
        INDArray attacked = Nd4j.createFromArray(attackedMask).castTo(model.dataType()).reshape(n, 1);

        List<List<AttackOutcome>> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(new ArrayList<>());
        }
        AdversarialBatch batch = null;
        for (AttackSpec spec : task.plan().attacks()) {
            if (!isFgsm(spec)) {
                batch = runCatalogued(model, shard, task, spec, x, clean, correct, outcomes, batch);
                continue;
            }
            List<INDArray> adversarial = Fgsm.perturb(model, x, oneHot, spec.epsilons());
            double largest = Collections.max(spec.epsilons());
            for (int e = 0; e < spec.epsilons().size(); e++) {
                double epsilon = spec.epsilons().get(e);
                // Misclassified rows keep x: x' = x + mask ⊙ (adv − x).
                INDArray advRows = adversarial.get(e).sub(x).muliColumnVector(attacked).addi(x);
                record(outcomes, spec, epsilon, x, advRows, model.predict(advRows), clean, correct, shard.labels());
                if (batch == null && epsilon == largest) {
                    batch = new AdversarialBatch(spec.attack(), epsilon, new int[] {n, (int) x.columns()},
                            TensorCodec.ENCODING, TensorCodec.encode(advRows));
                }
            }
        }
        List<ExampleAttack> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            examples.add(new ExampleAttack(indices[i], shard.labels()[i], clean[i], List.copyOf(outcomes.get(i))));
        }
        return new AttackResults(AttackResults.SCHEMA_VERSION, task.jobId(), task.shardNo(), task.shardCount(),
                task.modelSha256(), task.dataset(), indices.clone(), examples, batch, task.singularityPlan());
    }

    private static boolean isFgsm(AttackSpec spec) {
        return Fgsm.NAME.equals(spec.attack()) && Fgsm.NORM.equals(spec.norm());
    }

    /** One catalogued attack of the plan; returns the adversarial batch (set by the first attack only). */
    private static AdversarialBatch runCatalogued(Classifier model, LabeledData shard, AttackTask task, AttackSpec spec,
            INDArray x, int[] clean, boolean[] correct, List<List<AttackOutcome>> outcomes, AdversarialBatch batch) {
        Map<String, Object> overrides = new HashMap<>(spec.params() == null ? Map.of() : spec.params());
        Object seedValue = overrides.remove(SEED);
        long seed = seedValue instanceof Number number ? number.longValue()
                : task.jobId().getMostSignificantBits() ^ task.jobId().getLeastSignificantBits() ^ task.shardNo();
        Attack attack = Attacks.create(spec.attack(), spec.norm(), overrides);
        AttackModel target = ClassifierModel.of(model);
        Misclassification criterion = new Misclassification(shard.labels());
        Bounds bounds = new Bounds(Fgsm.DATA_MIN, Fgsm.DATA_MAX);
        int n = shard.size();
        double largest = Collections.max(spec.epsilons());
        AttackResult minimal = attack.minimizesNorm()
                ? attack.run(target, new AttackRequest(x, criterion, filled(n, Double.POSITIVE_INFINITY), bounds, seed))
                : null;
        AdversarialBatch first = batch;
        for (double epsilon : spec.epsilons()) {
            AttackResult result = minimal != null ? minimal
                    : attack.run(target, new AttackRequest(x, criterion, filled(n, epsilon), bounds, seed));
            boolean[] success = new boolean[n];
            for (int i = 0; i < n; i++) {
                ExampleResult e = result.example(i);
                success[i] = minimal != null
                        ? e.adversarial() && Outcomes.withinBudget(e.distance(attack.norm()), epsilon)
                        : e.success();
                outcomes.get(i).add(new AttackOutcome(spec.attack(), spec.norm(), epsilon, success[i],
                        success[i] ? e.adversarialClass() : clean[i], e.linf(), e.l2(), e.l0(),
                        correct[i] ? e.iterations() : 0, correct[i] ? Math.toIntExact(e.gradientEvaluations()) : 0,
                        correct[i] ? Math.toIntExact(e.queries()) : 0));
            }
            if (first == null && epsilon == largest) {
                // inputs at the largest ε: a minimal-norm adversarial only where it fits in ε, else x
                INDArray rows = result.adversarial().dup();
                if (minimal != null) {
                    int[] keep = IntStream.range(0, n).filter(i -> !success[i]).toArray();
                    Tensors.putRows(rows, keep, Tensors.rows(x, keep));
                }
                first = new AdversarialBatch(spec.attack(), epsilon, new int[] {n, (int) x.columns()},
                        TensorCodec.ENCODING, TensorCodec.encode(rows));
            }
        }
        return first;
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    private static void record(List<List<AttackOutcome>> outcomes, AttackSpec spec, double epsilon, INDArray x,
            INDArray advRows, int[] predictions, int[] clean, boolean[] correct, int[] labels) {
        INDArray delta = advRows.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE)); // castTo may return advRows
        double[] linf = Transforms.abs(delta, true).max(1).toDoubleVector();
        double[] l2 = delta.norm2(1).toDoubleVector();
        double[] l0 = delta.neq(0.0).castTo(DataType.DOUBLE).sum(1).toDoubleVector();
        for (int i = 0; i < predictions.length; i++) {
            boolean attacked = correct[i];
            outcomes.get(i).add(new AttackOutcome(spec.attack(), spec.norm(), epsilon,
                    !attacked || predictions[i] != labels[i], attacked ? predictions[i] : clean[i],
                    linf[i], l2[i], l0[i], attacked ? 1 : 0, attacked ? 1 : 0, attacked ? 2 : 0));
        }
    }

    private static void checkTask(AttackTask task) {
        if (task == null || task.exampleIndices() == null || task.exampleIndices().length == 0) {
            throw new IllegalArgumentException("an attack task with at least one example index is required");
        }
        if (task.plan() == null || task.plan().attacks() == null || task.plan().attacks().isEmpty()) {
            throw new IllegalArgumentException("the attack plan has no attacks");
        }
        for (AttackSpec spec : task.plan().attacks()) {
            if (spec == null) {
                throw new IllegalArgumentException("the attack plan contains an empty attack");
            }
            String key = spec.attack() + "/" + spec.norm();
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException("unsupported attack '" + spec.attack() + "' with norm '"
                        + spec.norm() + "'; supported: " + String.join(", ", SUPPORTED));
            }
            if (spec.epsilons() == null || spec.epsilons().isEmpty()) {
                throw new IllegalArgumentException("attack " + key + " has no ε");
            }
            for (Double epsilon : spec.epsilons()) {
                if (epsilon == null || !(epsilon >= 0) || epsilon.isInfinite()) {
                    throw new IllegalArgumentException("attack " + key + ": ε must be a finite value ≥ 0, got " + epsilon);
                }
            }
            if (!isFgsm(spec)) {
                Map<String, Object> overrides = new HashMap<>(spec.params() == null ? Map.of() : spec.params());
                Object seed = overrides.remove(SEED);
                if (seed != null && !(seed instanceof Number)) {
                    throw new IllegalArgumentException("attack " + key + ": seed must be a number, got " + seed);
                }
                Attacks.create(spec.attack(), spec.norm(), overrides);
            }
        }
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
