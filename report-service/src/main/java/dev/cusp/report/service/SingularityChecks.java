package dev.cusp.report.service;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import java.util.Base64;
import java.util.List;

/**
 * Rejects schema-version-2 parts of {@code singularity.results} and {@code model.analysis} events that cannot be
 * stored, with what is wrong; the consumer's failure strategy sends them to the DLQ.
 */
final class SingularityChecks {
    /** Point kinds singularity.results may carry. */
    static final List<String> POINTS = List.of(PointGeometry.CLEAN, PointGeometry.ADVERSARIAL, PointGeometry.CROSSING);
    /** The first bytes of every PNG file. */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private SingularityChecks() {
    }

    static void check(SingularityResults event) {
        String where = "singularity.results of job " + event.jobId() + " shard " + event.shardNo();
        require(event.schemaVersion() == 1 || event.schemaVersion() == SingularityResults.SCHEMA_VERSION,
                where + ": schemaVersion " + event.schemaVersion() + " is not supported (1 or "
                        + SingularityResults.SCHEMA_VERSION + ")");
        for (PointGeometry p : event.points()) {
            require(POINTS.contains(p.point()), where + ": unknown point kind '" + p.point() + "', expected one of "
                    + POINTS);
            boolean labelled = p.primaryLabel() != null;
            require(!labelled || (p.labels() != null && p.reasons() != null && !p.labels().isEmpty()
                            && p.primaryLabel().equals(p.labels().get(0))),
                    where + ": point " + p.point() + " of example " + p.exampleIndex()
                            + " has a primary label that is not the first of its labels, or no labels or reasons");
        }
        for (SlicePicture s : event.slices() == null ? List.<SlicePicture>of() : event.slices()) {
            require(SlicePicture.ENCODING.equals(s.encoding()) && s.data() != null,
                    where + ": slice of example " + s.exampleIndex() + " is not " + SlicePicture.ENCODING);
            byte[] png;
            try {
                png = Base64.getDecoder().decode(s.data());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": slice of example " + s.exampleIndex()
                        + " is not valid base64: " + e.getMessage(), e);
            }
            require(png.length > PNG_SIGNATURE.length && java.util.Arrays.equals(PNG_SIGNATURE, 0,
                    PNG_SIGNATURE.length, png, 0, PNG_SIGNATURE.length),
                    where + ": slice of example " + s.exampleIndex() + " is not a PNG image");
        }
    }

    static void check(ModelAnalysis event) {
        require(event != null, "empty model.analysis event");
        require(event.schemaVersion() == ModelAnalysis.SCHEMA_VERSION, "model.analysis of model " + event.modelId()
                + ": schemaVersion " + event.schemaVersion() + " is not supported (" + ModelAnalysis.SCHEMA_VERSION + ")");
        require(event.modelId() != null && !event.modelId().isBlank() && event.modelId().length() <= 64,
                "model.analysis without a model id (at most 64 characters): " + event.modelId());
        require(event.modelSha256() != null && event.layers() != null && event.labels() != null,
                "model.analysis of model " + event.modelId() + " lacks its model hash, layers or labels");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
