package dev.cusp.bench;

import dev.cusp.core.model.Classifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes the trained benchmark MLP's weights for torch_reference.py, so that PyTorch attacks the same network:
 * {@code bench/target/models/mlp-weights.bin} holds every layer's W [nIn, nOut] then b [nOut] as little-endian
 * float32 in row-major order, {@code mlp-weights.json} the shapes and activations.
 */
public final class ExportWeights {
    private ExportWeights() {
    }

    public static void main(String[] args) throws IOException {
        Classifier model = TrainedModels.get("mlp");
        List<String> layers = new ArrayList<>();
        List<INDArray> arrays = new ArrayList<>();
        for (Layer layer : model.network().getLayers()) {
            if (!(layer instanceof DenseLayer) && !(layer instanceof OutputLayer)) {
                throw new IllegalStateException("only dense layers can be exported, found " + layer.getClass());
            }
            INDArray w = layer.getParam("W").castTo(DataType.FLOAT);
            INDArray b = layer.getParam("b").castTo(DataType.FLOAT);
            String activation = ((BaseLayer) layer.conf().getLayer()).getActivationFn().toString();
            layers.add(String.format("{\"in\": %d, \"out\": %d, \"activation\": \"%s\"}", w.rows(), w.columns(),
                    activation));
            arrays.add(w);
            arrays.add(b);
        }
        long floats = arrays.stream().mapToLong(INDArray::length).sum();
        ByteBuffer buffer = ByteBuffer.allocate((int) (4 * floats)).order(ByteOrder.LITTLE_ENDIAN);
        for (INDArray a : arrays) {
            for (float f : a.dup('c').data().asFloat()) {
                buffer.putFloat(f);
            }
        }
        Files.write(TrainedModels.DIR.resolve("mlp-weights.bin"), buffer.array());
        Files.writeString(TrainedModels.DIR.resolve("mlp-weights.json"),
                "{\"layers\": [" + String.join(", ", layers) + "]}\n");
        System.err.println("wrote " + TrainedModels.DIR.resolve("mlp-weights.bin") + " (" + floats + " floats)");
    }
}
