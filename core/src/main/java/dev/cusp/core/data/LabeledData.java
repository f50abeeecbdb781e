package dev.cusp.core.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Examples with labels: {@code features} [n,d] FLOAT in the data range [0,1], {@code labels} in [0, classes). */
public record LabeledData(INDArray features, int[] labels, int classes) {

    public LabeledData {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels are required");
        }
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must be a matrix [n,d], got shape "
                    + Arrays.toString(features.shape()));
        }
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException("features have " + features.rows() + " rows but there are "
                    + labels.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int featureCount() {
        return (int) features.columns();
    }

    /** The examples at {@code indices} (a copy, in that order); an index outside the data set is an error. */
    public LabeledData select(int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= size()) {
                throw new IllegalArgumentException("example index " + index + " is outside [0, " + size() + ")");
            }
            picked[i] = labels[index];
        }
        INDArray rows = indices.length == 0
                ? Nd4j.create(features.dataType(), 0, features.columns())
                : Nd4j.pullRows(features, 1, indices);
        return new LabeledData(rows, picked, classes);
    }

    /** One-hot labels [n, classes] in the features' data type. */
    public INDArray oneHot() {
        return oneHot(labels, classes, features.dataType());
    }

    /** One-hot encoding of {@code labels} as a [n, classes] matrix of {@code type}. */
    public static INDArray oneHot(int[] labels, int classes, DataType type) {
        if (labels.length == 0) {
            return Nd4j.create(type, 0, classes);
        }
        return Nd4j.pullRows(Nd4j.eye(classes).castTo(type), 1, labels);
    }
}
