package dev.cusp.core.model;

/**
 * Limits a model archive must respect before DL4J reads it: file size, zip entry count and the total
 * number of bytes its entries actually inflate to (zip-bomb protection).
 */
public record ModelLimits(long maxBytes, int maxEntries, long maxUncompressedBytes) {
    private static final long MIB = 1024L * 1024L;

    public ModelLimits {
        if (maxBytes <= 0 || maxEntries <= 0 || maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("model limits must be positive: maxBytes=" + maxBytes
                    + ", maxEntries=" + maxEntries + ", maxUncompressedBytes=" + maxUncompressedBytes);
        }
    }

    /** 64 MiB file, 64 zip entries, 256 MiB uncompressed. */
    public static ModelLimits defaults() {
        return new ModelLimits(64 * MIB, 64, 256 * MIB);
    }
}
