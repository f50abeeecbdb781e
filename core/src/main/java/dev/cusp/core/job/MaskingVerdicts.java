package dev.cusp.core.job;

import dev.cusp.core.event.MaskingEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A job's gradient-masking verdicts from its shards' evidence and its robust-accuracy table (the checklist of
 * Athalye, Carlini &amp; Wagner 2018 and Carlini et al. 2019, "On evaluating adversarial robustness"): zero or
 * non-finite input gradients; probabilities instead of logits; FGSM accuracy above clean accuracy; a single-step
 * attack beating an iterative one, or far above it; a black-box attack beating every white-box one; accuracy at a very large ε not
 * near zero; non-deterministic outputs. Accuracy comparisons allow {@link #TOLERANCE}.
 */
public final class MaskingVerdicts {
    /** Accuracy difference below which two attacks count as equal (one example in 50). */
    public static final double TOLERANCE = 0.02;
    /** L∞ budgets at or above half the data range are "very large": any image can be turned grey. */
    public static final double LARGE_LINF = 0.5;
    /** Accuracy at a very large ε above this is not "near zero". */
    public static final double LARGE_EPSILON_ACCURACY = 0.1;
    /**
     * A single-step attack this far (absolute accuracy) above the strongest iterative one at the same norm and ε
     * is "far above" (the catastrophic-overfitting signature, e.g. FGSM-AT 96.34% vs PGD 0.00%, research notes
     * §6.3 and §7.3). A heuristic: a weak undefended model can show a large gap at a small ε too.
     */
    public static final double SINGLE_STEP_FAR_ABOVE = 0.3;
    static final Set<String> SINGLE_STEP = Set.of("fgsm", "fgm");
    static final Set<String> ITERATIVE = Set.of("bim", "pgd", "mi-fgsm", "apgd-ce", "apgd-dlr", "apgd-t", "autoattack");
    static final Set<String> BLACK_BOX = Set.of("square", "hsj");

    public static List<MaskingVerdict> of(MaskingEvidence evidence, double cleanAccuracy,
            List<RobustAccuracy> table) {
        List<MaskingVerdict> out = new ArrayList<>();
        int bad = evidence.zeroGradients() + evidence.nonFiniteGradients();
        out.add(new MaskingVerdict("gradients", bad > 0 ? MaskingVerdict.FLAGGED : MaskingVerdict.PASSED,
                evidence.zeroGradients() + " of " + evidence.examples() + " clean points have an exactly zero and "
                        + evidence.nonFiniteGradients() + " a non-finite input gradient of the cross-entropy"));
        out.add(new MaskingVerdict("logits", evidence.probabilityLikeOutputs() > 0 ? MaskingVerdict.FLAGGED
                : MaskingVerdict.PASSED, evidence.probabilityLikeOutputs() + " of " + evidence.examples()
                        + " outputs look like probabilities (attacks use the pre-softmax output of the softmax layer)"));
        out.add(fgsmAboveClean(cleanAccuracy, table));
        out.add(compare("single-step-beats-iterative", table, SINGLE_STEP, ITERATIVE, -1, TOLERANCE));
        out.add(compare("fgsm-far-above-pgd", table, SINGLE_STEP, ITERATIVE, +1, SINGLE_STEP_FAR_ABOVE));
        out.add(compare("black-box-beats-white-box", table, BLACK_BOX, null, -1, TOLERANCE));
        out.add(largeEpsilon(table));
        out.add(new MaskingVerdict("deterministic", evidence.nonDeterministic() > 0 ? MaskingVerdict.FLAGGED
                : MaskingVerdict.PASSED, evidence.nonDeterministic() + " of " + evidence.examples()
                        + " clean points got different logits from two identical evaluations"));
        return List.copyOf(out);
    }

    private static MaskingVerdict fgsmAboveClean(double clean, List<RobustAccuracy> table) {
        List<RobustAccuracy> fgsm = table.stream().filter(r -> SINGLE_STEP.contains(r.attack())).toList();
        if (fgsm.isEmpty()) {
            return new MaskingVerdict("fgsm-above-clean", MaskingVerdict.NOT_APPLICABLE, "no single-step attack in the plan");
        }
        RobustAccuracy worst = fgsm.stream().max((a, b) -> Double.compare(a.accuracy(), b.accuracy())).get();
        boolean flagged = worst.accuracy() > clean;
        return new MaskingVerdict("fgsm-above-clean", flagged ? MaskingVerdict.FLAGGED : MaskingVerdict.PASSED,
                String.format(Locale.ROOT, "highest single-step accuracy %.4f (%s/%s ε=%s), clean %.4f",
                        worst.accuracy(), worst.attack(), worst.norm(), worst.epsilon(), clean));
    }

    /**
     * Compares each attack of {@code suspects} with the lowest accuracy among {@code reference} (null: every white-box
     * attack) at the same norm and ε; flags when {@code sign}·(suspect − reference) exceeds {@code threshold}
     * (sign −1: the suspect is lower, +1: the suspect is higher).
     */
    private static MaskingVerdict compare(String check, List<RobustAccuracy> table, Set<String> suspects,
            Set<String> reference, int sign, double threshold) {
        int compared = 0;
        List<String> findings = new ArrayList<>();
        for (RobustAccuracy s : table) {
            if (!suspects.contains(s.attack())) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            String bestName = null;
            for (RobustAccuracy r : table) {
                boolean isReference = reference == null ? !BLACK_BOX.contains(r.attack()) : reference.contains(r.attack());
                if (isReference && r.norm().equals(s.norm()) && r.epsilon() == s.epsilon() && r.accuracy() < best) {
                    best = r.accuracy();
                    bestName = r.attack();
                }
            }
            if (bestName == null) {
                continue;
            }
            compared++;
            if (sign * (s.accuracy() - best) > threshold) {
                findings.add(String.format(Locale.ROOT, "%s %.4f %s %s %.4f at %s ε=%s", s.attack(), s.accuracy(),
                        sign < 0 ? "<" : ">", bestName, best, s.norm(), s.epsilon()));
            }
        }
        if (compared == 0) {
            return new MaskingVerdict(check, MaskingVerdict.NOT_APPLICABLE, "no pair of attacks to compare at the same norm and ε");
        }
        return findings.isEmpty()
                ? new MaskingVerdict(check, MaskingVerdict.PASSED, compared + " comparison(s), none beyond " + threshold)
                : new MaskingVerdict(check, MaskingVerdict.FLAGGED, String.join("; ", findings));
    }

    private static MaskingVerdict largeEpsilon(List<RobustAccuracy> table) {
        List<RobustAccuracy> large = table.stream()
                .filter(r -> "linf".equals(r.norm()) && r.epsilon() >= LARGE_LINF && !BLACK_BOX.contains(r.attack()))
                .toList();
        if (large.isEmpty()) {
            return new MaskingVerdict("large-epsilon", MaskingVerdict.NOT_APPLICABLE,
                    "no white-box L∞ budget ≥ " + LARGE_LINF + " in the plan");
        }
        List<String> findings = large.stream().filter(r -> r.accuracy() > LARGE_EPSILON_ACCURACY)
                .map(r -> String.format(Locale.ROOT, "%s/%s ε=%s accuracy %.4f", r.attack(), r.norm(), r.epsilon(),
                        r.accuracy()))
                .toList();
        return findings.isEmpty()
                ? new MaskingVerdict("large-epsilon", MaskingVerdict.PASSED, "every accuracy at L∞ ε ≥ " + LARGE_LINF
                        + " is ≤ " + LARGE_EPSILON_ACCURACY)
                : new MaskingVerdict("large-epsilon", MaskingVerdict.FLAGGED, String.join("; ", findings));
    }

    private MaskingVerdicts() {
    }
}
