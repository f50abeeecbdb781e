package dev.cusp.core.attack;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns an attack's returned inputs into per-example results: one evaluation of the model at the returned
 * points (not charged to the attack), the criterion's verdict and margin, the perturbation's L0/L1/L2/L∞ norms,
 * and success = adversarial within ε.
 */
public final class Outcomes {

    /** Relative slack for float rounding when checking ‖δ‖ ≤ ε (x + δ is stored in the input's precision). */
    public static final double ROUNDING = 1e-6;

    private Outcomes() {
    }

    /** True when {@code distance} is within {@code epsilon} up to rounding. */
    public static boolean withinBudget(double distance, double epsilon) {
        return distance <= epsilon + ROUNDING * Math.max(1.0, epsilon);
    }

    /** Assembles the result of an attack that returned {@code adversarial} for {@code request}. */
    public static AttackResult of(String attack, Norm norm, AttackModel model, AttackRequest request,
            INDArray adversarial, int[] iterations, CountingModel counts) {
        return of(attack, norm, model, request, adversarial, iterations, counts.gradientEvaluations(),
                counts.queries());
    }

    /** Assembles a result from explicit per-example costs (wrappers that add up several runs). */
    public static AttackResult of(String attack, Norm norm, AttackModel model, AttackRequest request,
            INDArray adversarial, int[] iterations, long[] gradientEvaluations, long[] queries) {
        INDArray inputs = request.inputs();
        INDArray logits = model.logits(adversarial);
        Criterion criterion = request.criterion();
        boolean[] isAdversarial = criterion.isAdversarial(logits);
        int[] predicted = Tensors.argMax(logits);
        double[] margin = Tensors.toArray(criterion.margin(logits));
        INDArray delta = adversarial.sub(inputs);
        double[] l0 = Tensors.toArray(delta.neq(0.0).castTo(delta.dataType()).sum(true, 1));
        double[] l1 = Tensors.toArray(Norm.L1.of(delta));
        double[] l2 = Tensors.toArray(Norm.L2.of(delta));
        double[] linf = Tensors.toArray(Norm.LINF.of(delta));
        double[] eps = request.epsilons();
        List<ExampleResult> examples = new ArrayList<>(eps.length);
        for (int i = 0; i < eps.length; i++) {
            double distance = switch (norm) {
                case L1 -> l1[i];
                case L2 -> l2[i];
                case LINF -> linf[i];
            };
            boolean success = isAdversarial[i] && withinBudget(distance, eps[i]);
            examples.add(new ExampleResult(eps[i], success, isAdversarial[i], predicted[i], margin[i],
                    l0[i], l1[i], l2[i], linf[i], iterations[i], gradientEvaluations[i], queries[i]));
        }
        return new AttackResult(attack, norm, adversarial, examples);
    }
}
