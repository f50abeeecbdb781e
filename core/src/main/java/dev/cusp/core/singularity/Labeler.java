package dev.cusp.core.singularity;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Applies {@link LabelRules} to {@link PointEvidence}: every label that applies, the primary one, and why. */
public final class Labeler {

    /**
     * @param labels  all labels that apply (REGULAR alone when none does)
     * @param primary the first of them in {@link Label} order
     * @param reasons one line per label with the measured value and the threshold
     */
    public record Labels(Set<Label> labels, Label primary, List<String> reasons, LabelRules rules) {
    }

    private Labeler() {
    }

    public static Labels label(PointEvidence e, LabelRules r) {
        EnumSet<Label> set = EnumSet.noneOf(Label.class);
        List<String> why = new ArrayList<>();
        if (e.health() != null && !e.health().ok()) {
            add(set, why, Label.MASKED, "loss gradient " + e.health().status() + " (‖∇ℓ‖ = " + fmt(e.health().norm()) + ")");
        }
        if (e.spectrum() == null) {
            add(set, why, Label.MASKED, "logit Jacobian not finite");
        }
        if (e.slice() != null && e.slice().cuspDistance() <= r.sliceRadius() * e.slice().attackDistance()) {
            add(set, why, Label.CUSP, "cusp at " + fmt(e.slice().cuspDistance()) + " ≤ " + fmt(r.sliceRadius())
                    + "·attack distance " + fmt(e.slice().attackDistance()));
        }
        if (e.facets() != null && e.facets().ratio() >= r.junctionFacetRatio()
                && Math.abs(e.facets().normalCosine()) < r.junctionParallelCosine() && e.facets().second() < r.junctionDistance()) {
            add(set, why, Label.JUNCTION, "facet ratio r₁/r₂ = " + fmt(e.facets().ratio()) + " ≥ " + fmt(r.junctionFacetRatio())
                    + ", |cos| = " + fmt(Math.abs(e.facets().normalCosine())) + " < " + fmt(r.junctionParallelCosine())
                    + ", r₂ = " + fmt(e.facets().second()) + " < " + fmt(r.junctionDistance()));
        }
        if (e.junction() != null && e.junction().ties() >= r.junctionTies()) {
            add(set, why, Label.JUNCTION, e.junction().ties() + " classes tie at the crossing (radius " + fmt(e.junction().radius()) + ")");
        }
        if (e.spectrum() != null && e.spectrum().rankDeficient()) {
            add(set, why, Label.RANK_DEFICIENT, "numerical corank " + e.spectrum().corank() + " at tolerance "
                    + fmt(e.spectrum().tolerance()) + " (" + e.spectrum().boardmanClass() + ")");
        }
        if (e.certificate() != null && e.certificate().rankDeficient()) {
            add(set, why, Label.RANK_DEFICIENT, "ReLU region certificate: rank J ≤ " + e.certificate().rankBound()
                    + " (fewest active units)");
        }
        if (e.slice() != null && e.slice().foldDistance() <= r.sliceRadius() * e.slice().attackDistance()) {
            add(set, why, Label.FOLD, "critical curve at " + fmt(e.slice().foldDistance()) + " ≤ " + fmt(r.sliceRadius())
                    + "·attack distance " + fmt(e.slice().attackDistance()));
        }
        if (e.kink() != null && e.kink().distanceL2() < r.kinkRelative() * e.inputNorm()) {
            add(set, why, Label.KINK, "kink distance " + fmt(e.kink().distanceL2()) + " < " + fmt(r.kinkRelative()) + "·‖x‖ = "
                    + fmt(r.kinkRelative() * e.inputNorm()));
        } else if (e.kink() != null && e.kink().distanceL2() < r.kinkReference()) {
            add(set, why, Label.KINK, "kink distance " + fmt(e.kink().distanceL2()) + " < reference quantile " + fmt(r.kinkReference()));
        }
        if (e.spectrum() != null && e.spectrum().conditionNumber() > r.illConditionedKappa()) {
            add(set, why, Label.ILL_CONDITIONED, "κ = " + fmt(e.spectrum().conditionNumber()) + " > " + fmt(r.illConditionedKappa()));
        }
        fragile(e, r, set, why);
        if (!Double.isNaN(r.sensitiveNorm()) && e.jacobianFrobenius() > r.sensitiveNorm()) {
            add(set, why, Label.SENSITIVE, "‖J‖_F = " + fmt(e.jacobianFrobenius()) + " > " + fmt(r.sensitiveNorm()));
        }
        if (set.isEmpty()) {
            add(set, why, Label.REGULAR, "no rule applies");
        }
        return new Labels(set, set.iterator().next(), why, r);
    }

    private static void fragile(PointEvidence e, LabelRules r, EnumSet<Label> set, List<String> why) {
        if (e.margin() != null && e.margin().firstOrderDistanceLinf() < r.fragileLinf()) {
            add(set, why, Label.FRAGILE, "first-order L∞ distance " + fmt(e.margin().firstOrderDistanceLinf()) + " < ε∞ " + fmt(r.fragileLinf()));
        }
        if (e.margin() != null && e.margin().firstOrderDistanceL2() < r.fragileL2()) {
            add(set, why, Label.FRAGILE, "first-order L2 distance " + fmt(e.margin().firstOrderDistanceL2()) + " < ε₂ " + fmt(r.fragileL2()));
        }
        if (e.cleverLinf() < r.fragileLinf()) {
            add(set, why, Label.FRAGILE, "CLEVER-L∞ " + fmt(e.cleverLinf()) + " < ε∞ " + fmt(r.fragileLinf()));
        }
        if (e.cleverL2() < r.fragileL2()) {
            add(set, why, Label.FRAGILE, "CLEVER-L2 " + fmt(e.cleverL2()) + " < ε₂ " + fmt(r.fragileL2()));
        }
    }

    private static void add(EnumSet<Label> set, List<String> why, Label label, String reason) {
        set.add(label);
        why.add(label + ": " + reason);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
