package dev.cusp.core.singularity.parameter;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.NumericalRank;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-model parameter-space table, one row per weight layer (WeightWatcher's shape): the weight spectrum
 * of every layer with a weight matrix (convolution kernels reshaped to [out, in·kh·kw]) and, for the hidden
 * dense layers of the leading dense stack, the unit analysis over a data batch (forward pass in DOUBLE).
 */
public final class LayerTable {

    /**
     * One layer.
     *
     * @param units null for the output layer and for layers after the first non-dense one
     */
    public record Row(int layer, String type, String activation, int inputs, int outputs,
            UnitAnalysis.Report units, WeightSpectrum spectrum) {
    }

    /** The whole table with what it was computed from. */
    public record Table(List<Row> rows, int examples, UnitAnalysis.Parameters unitParameters, long seed) {
    }

    private LayerTable() {
    }

    /**
     * @param batch inputs [N, d] over which units are observed
     * @param seed  seed of the shuffles behind the correlation-trap counts
     */
    public static Table analyse(Classifier model, INDArray batch, UnitAnalysis.Parameters p, long seed) {
        double eps = model.dataType() == DataType.DOUBLE ? NumericalRank.EPS_DOUBLE : NumericalRank.EPS_FLOAT;
        MultiLayerNetwork net = model.inDouble().network();
        int layers = net.getnLayers();
        List<Row> rows = new ArrayList<>();
        INDArray a = batch.castTo(DataType.DOUBLE);
        boolean denseSoFar = true;
        for (int l = 0; l < layers; l++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            INDArray w = net.getLayer(l).getParam("W");
            boolean last = l == layers - 1;
            boolean dense = conf instanceof DenseLayer;
            IActivation act = conf instanceof BaseLayer base ? base.getActivationFn() : null;
            UnitAnalysis.Report units = null;
            if (dense && denseSoFar && !last) {
                INDArray b = net.getLayer(l).getParam("b");
                INDArray z = a.mmul(w).addiRowVector(b);
                INDArray next = act.getActivation(z.dup(), false);
                INDArray wOut = nextDenseWeights(net, l);
                units = UnitAnalysis.analyse(w, b, wOut, next, kind(act), p);
                a = next;
            } else if (!(conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer)) {
                denseSoFar = false;
            }
            if (w != null) {
                INDArray matrix = w.rank() == 4 ? w.reshape(w.size(0), w.size(1) * w.size(2) * w.size(3)) : w;
                rows.add(new Row(l, conf.getClass().getSimpleName(), act == null ? "" : act.toString(),
                        (int) matrix.rows(), (int) matrix.columns(), units, WeightSpectrum.of(matrix, eps, seed + l)));
            }
        }
        return new Table(rows, (int) batch.rows(), p, seed);
    }

    /** The weights of layer l + 1 when it is dense (or the output layer) and reads layer l directly. */
    private static INDArray nextDenseWeights(MultiLayerNetwork net, int l) {
        if (l + 1 >= net.getnLayers() || net.getLayerWiseConfigurations().getInputPreProcess(l + 1) != null) {
            return null;
        }
        Layer next = net.getLayerWiseConfigurations().getConf(l + 1).getLayer();
        return next instanceof DenseLayer || next instanceof org.deeplearning4j.nn.conf.layers.OutputLayer
                ? net.getLayer(l + 1).getParam("W") : null;
    }

    static UnitAnalysis.Kind kind(IActivation act) {
        if (act instanceof ActivationReLU) {
            return UnitAnalysis.Kind.RELU;
        }
        if (act instanceof ActivationTanH) {
            return UnitAnalysis.Kind.TANH;
        }
        if (act instanceof ActivationSigmoid) {
            return UnitAnalysis.Kind.SIGMOID;
        }
        return UnitAnalysis.Kind.OTHER;
    }
}
