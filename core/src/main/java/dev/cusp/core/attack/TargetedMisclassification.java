package dev.cusp.core.attack;

/** Targeted criterion: adversarial only when the prediction is the example's target class. */
public record TargetedMisclassification(int[] labels, int[] targets) implements Criterion {

    public TargetedMisclassification {
        if (labels == null || targets == null || labels.length == 0 || labels.length != targets.length) {
            throw new IllegalArgumentException("TargetedMisclassification needs as many targets as labels (got "
                    + (labels == null ? "no" : labels.length) + " labels and "
                    + (targets == null ? "no" : targets.length) + " targets)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || targets[i] < 0) {
                throw new IllegalArgumentException("classes must be non-negative, got label " + labels[i]
                        + " and target " + targets[i] + " at example " + i);
            }
            if (labels[i] == targets[i]) {
                throw new IllegalArgumentException(
                        "example " + i + " has target " + targets[i] + " equal to its label");
            }
        }
        labels = labels.clone();
        targets = targets.clone();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[] targets() {
        return targets.clone();
    }

    @Override
    public int[] referenceClasses() {
        return targets.clone();
    }

    @Override
    public boolean targeted() {
        return true;
    }

    @Override
    public TargetedMisclassification select(int[] rows) {
        return new TargetedMisclassification(Tensors.pick(labels, rows), Tensors.pick(targets, rows));
    }
}
