package dev.cusp.core.job;

import dev.cusp.core.attack.Fgsm;
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
import java.util.Collections;
import java.util.List;
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
 */
public final class AttackShardRunner {
    /** Attacks this runner supports, as "name/norm". */
    public static final List<String> SUPPORTED = List.of(Fgsm.NAME + "/" + Fgsm.NORM);

    public static AttackResults run(Classifier model, LabeledData data, AttackTask task) {
        checkTask(task);
        checkCompatible(model, data);
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
            String key = spec.attack() + "/" + spec.norm();
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException("unsupported attack '" + spec.attack() + "' with norm '"
                        + spec.norm() + "'; supported: " + String.join(", ", SUPPORTED));
            }
            if (spec.epsilons() == null || spec.epsilons().isEmpty()) {
                throw new IllegalArgumentException("attack " + key + " has no ε");
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
