package dev.cusp.core.forecast;

/**
 * Area under the ROC curve of a score for a binary outcome, by the Mann–Whitney identity
 * AUC = (R₊ − n₊(n₊ + 1)/2)/(n₊·n₋) with average ranks for ties (a tie between a positive and a negative counts
 * one half): the probability that a random positive scores above a random negative.
 */
public final class RocAuc {

    private RocAuc() {
    }

    /** AUC of {@code scores} (higher = predicted positive); NaN when either class is empty. */
    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("need one outcome per score: " + scores.length + " scores, "
                    + positive.length + " outcomes");
        }
        double[] ranks = Ranks.average(scores);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) {
                rankSum += ranks[i];
                pos++;
            }
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
