package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact distances to the decision boundary of f(x) = Wx + b: the class region of ŷ is the polytope
 * {f_ŷ ≥ f_l ∀l}, so the smallest perturbation in norm p that changes the prediction has length
 * min_{l≠ŷ} (f_ŷ − f_l)/‖w_ŷ − w_l‖_q with q the dual norm (ignoring the data range).
 */
public final class LinearBoundary {

    private LinearBoundary() {
    }

    /** Per example, the distance to the nearest other class's boundary measured in {@code norm}. */
    public static double[] distances(LinearModel model, INDArray x, Norm norm) {
        INDArray logits = model.logits(x);
        INDArray w = model.weights();
        int[] predicted = Tensors.argMax(logits);
        double[] out = new double[predicted.length];
        for (int i = 0; i < out.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int l = 0; l < model.classes(); l++) {
                if (l == predicted[i]) {
                    continue;
                }
                INDArray diff = w.getRow(predicted[i]).sub(w.getRow(l));
                double dual = switch (norm) {
                    case L2 -> diff.norm2Number().doubleValue();
                    case LINF -> diff.norm1Number().doubleValue();
                    case L1 -> diff.normmaxNumber().doubleValue();
                };
                best = Math.min(best, (logits.getDouble(i, predicted[i]) - logits.getDouble(i, l)) / dual);
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Inputs at exactly the given L2 distances from the boundary of a binary model that is centred at
     * {@code centre}·1 ({@link LinearModel#centred}): centre + a seeded random component perpendicular to
     * w₀ − w₁ (entries up to {@code spread}) + distance·(±unit normal), alternating sides.
     */
    public static INDArray atDistances(LinearModel model, double centre, double spread, double[] distances,
            long seed) {
        if (model.classes() != 2) {
            throw new IllegalArgumentException("a binary model is needed, got " + model.classes() + " classes");
        }
        INDArray normal = model.weights().getRow(0).sub(model.weights().getRow(1));
        normal.divi(normal.norm2Number());
        int d = model.inputSize();
        INDArray noise = AttackFixtures.uniform(distances.length, d, -spread, spread, seed);
        INDArray along = noise.mmul(normal.reshape(d, 1));
        INDArray x = noise.sub(along.mmul(normal.reshape(1, d))).addi(centre);
        for (int i = 0; i < distances.length; i++) {
            double side = i % 2 == 0 ? 1 : -1;
            x.getRow(i).addi(normal.mul(side * distances[i]));
        }
        return x;
    }
}
