package dev.cusp.core.attack;

/** Untargeted criterion: any prediction other than the label is adversarial. */
public record Misclassification(int[] labels) implements Criterion {

    public Misclassification {
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("Misclassification needs at least one label");
        }
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("labels must be non-negative, got " + label);
            }
        }
        labels = labels.clone();
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
    public int[] referenceClasses() {
        return labels.clone();
    }

    @Override
    public boolean targeted() {
        return false;
    }

    @Override
    public Misclassification select(int[] rows) {
        return new Misclassification(Tensors.pick(labels, rows));
    }
}
