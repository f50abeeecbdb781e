package dev.cusp.core.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the convolution layers of FLOAT networks on oneDNN (several times faster for the small CNN): puts DL4J's own
 * {@link MKLDNNConvHelper} on every plain, undilated {@link ConvolutionLayer}, which DL4J 1.0.0-M2.1 never does.
 *
 * <p>Why DL4J leaves them off: {@code HelperUtils.createHelper} returns no helper unless the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} (its default is {@code true}), and even then
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} reflects on {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()},
 * which M2.1 renamed, so the helper is dropped. The helper class itself is sound: it runs libnd4j's {@code conv2d} and
 * {@code conv2d_bp} ops, which the {@code linux-x86_64-onednn} build executes on oneDNN. DL4J offers no setter for a
 * layer's helper, so this class writes the layer's protected {@code helper} field through a private
 * {@link MethodHandles.Lookup} (a reflective write of one field of DL4J's own type; no class in a DL4J/ND4J package, no
 * bytecode change, no global switch); if the field is missing (another DL4J version) the layers stay as they are.
 *
 * <p>Pooling needs no helper: {@code SubsamplingLayer} calls the {@code maxpool2d}/{@code maxpool2d_bp} ops directly,
 * and libnd4j already runs those on oneDNN; DL4J's pooling helper is used for backprop only and runs the same op.
 * DOUBLE networks keep DL4J's built-in path (oneDNN convolutions are FLOAT only), so {@link Classifier#inDouble()}
 * stays an independent reference. Switch off with {@code -Dcusp.onednn.helpers=false}.
 */
public final class OneDnnHelpers {
    /** System property; {@code false} leaves every network on DL4J's built-in convolution (im2col + gemm). */
    public static final String SWITCH_PROPERTY = "cusp.onednn.helpers";

    private static final System.Logger LOG = System.getLogger(OneDnnHelpers.class.getName());
    private static final AtomicBoolean LOGGED = new AtomicBoolean();
    private static volatile Availability availability;

    /** Whether the helpers can be used here, and why not when they cannot. */
    record Availability(boolean usable, VarHandle helperField, String reason) {
    }

    /**
     * Installs the oneDNN convolution helper on every plain convolution layer of each FLOAT network that lacks one
     * (idempotent; does nothing when switched off or unavailable) and returns how many layers of the given networks
     * carry it afterwards. Logs once per JVM what it did.
     */
    public static int install(MultiLayerNetwork... networks) {
        if (!enabled()) {
            logOnce("oneDNN convolution helpers off: -D" + SWITCH_PROPERTY + "=false");
            return 0;
        }
        Availability available = availability();
        if (!available.usable()) {
            logOnce("oneDNN convolution helpers off: " + available.reason());
            return 0;
        }
        int installed = 0;
        int carrying = 0;
        for (MultiLayerNetwork network : networks) {
            if (network == null || network.getLayers() == null
                    || network.getLayerWiseConfigurations().getDataType() != DataType.FLOAT) {
                continue;
            }
            for (Layer layer : network.getLayers()) {
                if (layer.getClass() != ConvolutionLayer.class || dilated(layer)) {
                    continue; // subclasses (depthwise, separable, deconvolution, 1D, 3D) compute other things
                }
                if (!(layer.getHelper() instanceof MKLDNNConvHelper)) {
                    available.helperField().set((ConvolutionLayer) layer, new ConvHelper());
                    installed++;
                }
                carrying++;
            }
        }
        if (installed > 0) {
            logOnce("oneDNN convolution helpers on (first installed on " + installed + " convolution layers; libnd4j"
                    + " built with oneDNN); switch off with -D" + SWITCH_PROPERTY + "=false");
        }
        return carrying;
    }

    /**
     * libnd4j M2.1's oneDNN {@code conv2d} rejects dilated kernels ("could not create a descriptor for a dilated
     * convolution forward propagation primitive"); DL4J would then log a warning and fall back, so leave them be.
     */
    private static boolean dilated(Layer layer) {
        int[] dilation = ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer()).getDilation();
        return Arrays.stream(dilation).anyMatch(d -> d != 1);
    }

    /** False when {@value #SWITCH_PROPERTY} is {@code false}; read on every call. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH_PROPERTY, "true").trim());
    }

    /** Whether this ND4J backend runs convolutions on oneDNN and the helper can be put on layers; checked once. */
    public static boolean available() {
        return availability().usable();
    }

    /** Why the helpers cannot be used here (empty when they can). */
    public static String unavailableReason() {
        return availability().reason();
    }

    private static Availability availability() {
        Availability known = availability;
        if (known == null) {
            known = probe();
            availability = known;
        }
        return known;
    }

    private static Availability probe() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        if (!"CPU".equalsIgnoreCase(backend)) {
            return new Availability(false, null, "ND4J backend is " + backend + ", not CPU");
        }
        if (!Nd4j.getBackend().buildInfo().contains("HAVE_ONEDNN")) {
            return new Availability(false, null, "libnd4j was built without oneDNN (use the nd4j-native classifier"
                    + " linux-x86_64-onednn)");
        }
        if (!Nd4j.getEnvironment().helpersAllowed() || !Nd4jCpu.Environment.getInstance().isUseONEDNN()) {
            return new Availability(false, null, "ND4J's native helpers are switched off"
                    + " (Nd4j.getEnvironment().allowHelpers(false) or setUseONEDNN(false))");
        }
        try {
            VarHandle field = MethodHandles.privateLookupIn(ConvolutionLayer.class, MethodHandles.lookup())
                    .findVarHandle(ConvolutionLayer.class, "helper", ConvolutionHelper.class);
            return new Availability(true, field, "");
        } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
            return new Availability(false, null, "DL4J's ConvolutionLayer has no writable field 'helper' ("
                    + e + "); this class is written for DL4J 1.0.0-M2.1");
        }
    }

    private static void logOnce(String message) {
        if (LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, message);
        }
    }

    /**
     * DL4J's oneDNN convolution helper with a truthful {@code checkSupported()} (DL4J's looks up a renamed class) and
     * a count of the passes it ran (a pass that returns null or throws falls back to DL4J's built-in code).
     */
    static final class ConvHelper extends MKLDNNConvHelper {
        private final AtomicLong forwardRuns = new AtomicLong();
        private final AtomicLong backwardRuns = new AtomicLong();

        ConvHelper() {
            super(DataType.FLOAT);
        }

        @Override
        public boolean checkSupported() {
            return available();
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
                int[] pad, AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            INDArray out = super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                    dilation, format, workspaceMgr);
            if (out != null) {
                forwardRuns.incrementAndGet();
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias,
                INDArray delta, int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
                IActivation afn, AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            Pair<Gradient, INDArray> gradients = super.backpropGradient(input, weights, bias, delta, kernel, strides,
                    pad, biasGradView, weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
            if (gradients != null) {
                backwardRuns.incrementAndGet();
            }
            return gradients;
        }

        long forwardRuns() {
            return forwardRuns.get();
        }

        long backwardRuns() {
            return backwardRuns.get();
        }
    }

    private OneDnnHelpers() {
    }
}
