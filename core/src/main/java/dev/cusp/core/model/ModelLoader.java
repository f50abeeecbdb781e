package dev.cusp.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Loads a DL4J {@code ModelSerializer} zip as a {@link Classifier}, after checking the archive against
 * {@link ModelLimits} (size, entry count, bytes actually inflated, entry names) so that DL4J never sees a
 * hostile file; the checks read the central directory, as DL4J's own {@code ZipFile} does.
 */
public final class ModelLoader {
    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    public static Classifier load(byte[] bytes, ModelLimits limits) throws ModelRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ModelRejectedException("the model file is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ModelRejectedException("the model file has " + bytes.length + " bytes, the limit is "
                    + limits.maxBytes());
        }
        if (bytes.length < ZIP_MAGIC.length || !startsWithZipMagic(bytes)) {
            throw new ModelRejectedException("the model file is not a zip archive (DL4J ModelSerializer format); "
                    + "it starts with " + hexPrefix(bytes));
        }
        Path file = null;
        try {
            file = Files.createTempFile("cusp-model-", ".zip");
            Files.write(file, bytes);
            checkArchive(file, limits);
            MultiLayerNetwork network = restore(file);
            try {
                return Classifier.of(network);
            } catch (IllegalArgumentException e) {
                throw new ModelRejectedException("unsupported model: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new ModelRejectedException("cannot stage the model file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void checkArchive(Path file, ModelLimits limits) throws ModelRejectedException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > limits.maxEntries()) {
                throw new ModelRejectedException("the archive has " + zip.size() + " entries, the limit is "
                        + limits.maxEntries());
            }
            Set<String> names = new HashSet<>();
            long inflated = 0;
            int entries = 0;
            byte[] buffer = new byte[1 << 16];
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (++entries > limits.maxEntries()) {
                    throw new ModelRejectedException("the archive has more than " + limits.maxEntries() + " entries");
                }
                checkName(entry.getName());
                names.add(entry.getName());
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        inflated += n;
                        if (inflated > limits.maxUncompressedBytes()) {
                            throw new ModelRejectedException("the archive inflates to more than "
                                    + limits.maxUncompressedBytes() + " bytes (limit), stopped at entry '"
                                    + entry.getName() + "'");
                        }
                    }
                }
            }
            for (String required : new String[] {CONFIGURATION, COEFFICIENTS}) {
                if (!names.contains(required)) {
                    throw new ModelRejectedException("the archive has no '" + required
                            + "' entry; it is not a DL4J MultiLayerNetwork written by ModelSerializer");
                }
            }
        } catch (IOException e) {
            throw new ModelRejectedException("the model file is not a readable zip archive (truncated or corrupt): "
                    + e.getMessage(), e);
        }
    }

    private static void checkName(String name) throws ModelRejectedException {
        String normalized = name.replace('\\', '/');
        boolean absolute = normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*");
        boolean traversal = ("/" + normalized + "/").contains("/../");
        if (absolute || traversal || name.indexOf('\0') >= 0) {
            throw new ModelRejectedException("the archive has an unsafe entry name '" + name
                    + "' (absolute or with '..')");
        }
    }

    private static MultiLayerNetwork restore(Path file) throws ModelRejectedException {
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (Exception e) {
            throw new ModelRejectedException("DL4J cannot restore a MultiLayerNetwork from the file: "
                    + describe(e), e);
        }
        if (network == null || network.params() == null) {
            throw new ModelRejectedException("DL4J restored no network parameters from the file");
        }
        if (BooleanIndexing.or(network.params(), Conditions.notFinite())) {
            throw new ModelRejectedException("the model's parameters contain NaN or infinite values");
        }
        return network;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        while (message == null && e.getCause() != null) {
            e = e.getCause();
            message = e.getMessage();
        }
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static boolean startsWithZipMagic(byte[] bytes) {
        for (int i = 0; i < ZIP_MAGIC.length; i++) {
            if (bytes[i] != ZIP_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return hex.toString();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the OS cleans the temp directory
            }
        }
    }

    private ModelLoader() {
    }
}
