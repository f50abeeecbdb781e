package dev.cusp.core.singularity.parameter;

import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer gradient norms of the mean loss over a batch, ‖∂L/∂W_l‖_F, and their spread max/min: orders of
 * magnitude between layers mark exploding or vanishing gradients (a proposal of the anchors report, P-6).
 *
 * @param layers      the layer index of each norm (layers without weights are skipped)
 * @param norms       ‖∂L/∂W_l‖_F of the mean loss
 * @param spread      max/min of the norms (∞ when one is exactly zero)
 */
public record GradientFlow(int[] layers, double[] norms, double spread) {

    /** Gradient norms of a DOUBLE copy of the model's network (the model itself is not touched). */
    public static GradientFlow of(Classifier model, INDArray features, INDArray oneHot) {
        MultiLayerNetwork net = model.network().clone().convertDataType(DataType.DOUBLE);
        net.setInput(features.castTo(DataType.DOUBLE));
        net.setLabels(oneHot.castTo(DataType.DOUBLE));
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        Map<String, INDArray> byName = g.gradientForVariable();
        List<Integer> layers = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = byName.get(l + "_W");
            if (w != null) {
                layers.add(l);
                // DL4J's gradient is of the summed loss: divide by the batch for the mean
                norms.add(w.norm2Number().doubleValue() / features.rows());
            }
        }
        double max = norms.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = norms.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return new GradientFlow(layers.stream().mapToInt(Integer::intValue).toArray(),
                norms.stream().mapToDouble(Double::doubleValue).toArray(), min > 0 ? max / min : Double.POSITIVE_INFINITY);
    }
}
