package dev.cusp.bench;

import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Writes Cusp's FGSM (L∞) results on the trained benchmark MLP for an independent implementation to check
 * ({@code torch_reference.py --fgsm} recomputes them in PyTorch from the weights of {@link ExportWeights}):
 * {@code bench/target/models/fgsm-cusp.csv} holds, per ε and example, the label, the adversarial class and
 * success; {@code fgsm-cusp.bin} the adversarial inputs [ε, n, 784] as little-endian float32.
 */
public final class ExportFgsm {
    static final double[] EPSILONS = {0.01, 0.02, 0.05, 0.1};

    private ExportFgsm() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        Classifier model = TrainedModels.get("mlp");
        LabeledData data = TrainedModels.testExamples(n);
        ClassifierModel target = ClassifierModel.of(model);
        StringBuilder csv = new StringBuilder("epsilon,index,label,adversarial_class,success\n");
        long width = data.features().columns();
        ByteBuffer inputs = ByteBuffer.allocate(Math.toIntExact(4L * EPSILONS.length * n * width))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double epsilon : EPSILONS) {
            AttackResult result = Fgm.linf().run(target,
                    AttackRequest.of(data.features(), new Misclassification(data.labels()), epsilon));
            for (int i = 0; i < n; i++) {
                ExampleResult example = result.examples().get(i);
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%b%n", epsilon, i, data.labels()[i],
                        example.adversarialClass(), example.success()));
            }
            for (float f : result.adversarial().castTo(DataType.FLOAT).dup('c').data().asFloat()) {
                inputs.putFloat(f);
            }
        }
        Files.writeString(TrainedModels.DIR.resolve("fgsm-cusp.csv"), csv);
        Files.write(TrainedModels.DIR.resolve("fgsm-cusp.bin"), inputs.array());
        System.err.println("wrote " + TrainedModels.DIR.resolve("fgsm-cusp.csv") + " and fgsm-cusp.bin ("
                + EPSILONS.length + " ε × " + n + " examples)");
    }
}
