package dev.cusp.report.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.RobustAccuracy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadlineTest {

    @Test
    void robustAccuracyIsKeyedByAttackNormAndPlainDecimalBudget() {
        JobReport report = report(row("fgsm", "linf", 0.0001, 0.9), row("fgsm", "linf", 0.1, 0.2),
                row("fgsm", "linf", 1.0, 0.0));
        assertThat(Headline.robustAccuracy(report)).containsExactly(
                Map.entry("fgsm/linf/0.0001", 0.9), Map.entry("fgsm/linf/0.1", 0.2), Map.entry("fgsm/linf/1", 0.0));
    }

    @Test
    void theVerdictLooksAtTheLargestBudgetOfEveryAttack() {
        // Large accuracy at a small budget does not save a model that collapses at the largest one.
        assertThat(Headline.verdict(report(row("fgsm", "linf", 0.01, 0.9), row("fgsm", "linf", 0.1, 0.49))))
                .isEqualTo(Headline.FRAGILE);
        assertThat(Headline.verdict(report(row("fgsm", "linf", 0.1, 0.5), row("fgsm", "linf", 0.01, 0.2))))
                .isEqualTo(Headline.ROBUST);
        // The worst attack decides.
        assertThat(Headline.verdict(report(row("fgsm", "linf", 0.1, 0.8), row("pgd", "linf", 0.1, 0.3))))
                .isEqualTo(Headline.FRAGILE);
    }

    private static RobustAccuracy row(String attack, String norm, double epsilon, double accuracy) {
        return new RobustAccuracy(attack, norm, epsilon, 100, (int) Math.round(100 * (1 - accuracy)), accuracy);
    }

    private static JobReport report(RobustAccuracy... rows) {
        return new JobReport(100, 0.9, List.of(rows), Map.of());
    }
}
