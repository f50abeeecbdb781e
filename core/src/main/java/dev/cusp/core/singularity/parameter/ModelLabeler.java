package dev.cusp.core.singularity.parameter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Applies the model rules to a layer table and the optional curvature, gradient-flow and fragility figures. */
public final class ModelLabeler {

    /**
     * Thresholds (anchors report §2 "Model labels"; proposals where marked).
     *
     * @param plateauUnitShare       PLATEAU_PRONE when dead + eliminated + overlapping units exceed this share (5%, P)
     * @param overTrainedAlpha       WeightWatcher's 2.0
     * @param underTrainedAlpha      WeightWatcher's 6.0
     * @param learningRate           η for SHARP (λ_max &gt; 2/η); NaN switches SHARP off
     * @param gradientSpread         GRADIENT_PATHOLOGY when max/min layer gradient norm exceeds this (10³, P)
     * @param fragileShare           ADVERSARIALLY_FRAGILE when more than this share of examples is FRAGILE (50%, P)
     */
    public record Rules(double plateauUnitShare, double overTrainedAlpha, double underTrainedAlpha, double learningRate,
            double gradientSpread, double fragileShare) {
        public static final double PLATEAU_UNIT_SHARE = 0.05;
        public static final double GRADIENT_SPREAD = 1e3;
        public static final double FRAGILE_SHARE = 0.5;

        public static Rules defaults(double learningRate) {
            return new Rules(PLATEAU_UNIT_SHARE, WeightSpectrum.OVER_TRAINED_ALPHA, WeightSpectrum.UNDER_TRAINED_ALPHA,
                    learningRate, GRADIENT_SPREAD, FRAGILE_SHARE);
        }
    }

    /** The labels, each with the reason (layer and value). */
    public record Labels(Set<ModelLabel> labels, List<String> reasons, Rules rules) {
    }

    private ModelLabeler() {
    }

    /**
     * @param hessianTop     top loss-Hessian eigenvalue (NaN when not computed)
     * @param flow           per-layer gradient norms (null when not computed)
     * @param fragileShare   share of analysed examples labelled FRAGILE (NaN when unknown)
     */
    public static Labels label(LayerTable.Table table, double hessianTop, GradientFlow flow, double fragileShare, Rules r) {
        EnumSet<ModelLabel> set = EnumSet.noneOf(ModelLabel.class);
        List<String> why = new ArrayList<>();
        int hidden = 0;
        int singular = 0;
        for (LayerTable.Row row : table.rows()) {
            UnitAnalysis.Report u = row.units();
            if (u != null) {
                hidden += u.units();
                java.util.Set<Integer> bad = new java.util.HashSet<>();
                for (int[] list : new int[][] {u.dead(), u.eliminatedIn(), u.eliminatedOut(), u.constant()}) {
                    for (int i : list) {
                        bad.add(i);
                    }
                }
                u.overlapping().forEach(p -> bad.add(p[1]));
                singular += bad.size();
            }
            WeightSpectrum s = row.spectrum();
            if (s.powerLaw() != null && s.powerLaw().alpha() < r.overTrainedAlpha()) {
                add(set, why, ModelLabel.OVER_TRAINED, "layer " + row.layer() + ": α = " + fmt(s.powerLaw().alpha()));
            }
            if (s.powerLaw() != null && s.powerLaw().alpha() > r.underTrainedAlpha()) {
                add(set, why, ModelLabel.UNDER_TRAINED, "layer " + row.layer() + ": α = " + fmt(s.powerLaw().alpha()));
            }
            if (s.weakRankLoss() > 0) {
                add(set, why, ModelLabel.RANK_COLLAPSE, "layer " + row.layer() + ": " + s.weakRankLoss()
                        + " eigenvalues below " + WeightSpectrum.WEAK_RANK_LOSS_TOLERANCE);
            }
            if (s.randomizedSpikes() > 0) {
                add(set, why, ModelLabel.CORRELATION_TRAP, "layer " + row.layer() + ": " + s.randomizedSpikes()
                        + " spikes survive shuffling");
            }
        }
        if (hidden > 0 && (double) singular / hidden > r.plateauUnitShare()) {
            add(set, why, ModelLabel.PLATEAU_PRONE, singular + " of " + hidden + " hidden units dead, eliminated, constant or duplicated");
        }
        if (!Double.isNaN(r.learningRate()) && hessianTop > 2 / r.learningRate()) {
            add(set, why, ModelLabel.SHARP, "λ_max = " + fmt(hessianTop) + " > 2/η = " + fmt(2 / r.learningRate()));
        }
        if (flow != null && flow.spread() > r.gradientSpread()) {
            add(set, why, ModelLabel.GRADIENT_PATHOLOGY, "layer gradient norms spread ×" + fmt(flow.spread()));
        }
        if (fragileShare > r.fragileShare()) {
            add(set, why, ModelLabel.ADVERSARIALLY_FRAGILE, fmt(100 * fragileShare) + "% of examples FRAGILE");
        }
        if (set.isEmpty()) {
            add(set, why, ModelLabel.HEALTHY, "no rule applies");
        }
        return new Labels(set, why, r);
    }

    private static void add(EnumSet<ModelLabel> set, List<String> why, ModelLabel l, String reason) {
        set.add(l);
        why.add(l + ": " + reason);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
