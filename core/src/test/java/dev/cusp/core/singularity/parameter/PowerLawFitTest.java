package dev.cusp.core.singularity.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PowerLawFitTest {

    @Test
    void paretoSamplesGiveBackTheirExponentWithinTheStandardError() {
        // x = x_min·U^{−1/(α−1)} is Pareto with exponent α (20 fixed seeds, 1000 samples each). If σ is the
        // standard error of α̂, the z-scores (α̂ − α)/σ fall within 1σ about 68% and within 2σ about 95% of the
        // time: we require at least 12/20 and 18/20 (binomial means 13.6 and 19) and an RMS z in [0.6, 1.6].
        // A biased α̂, a wrong σ or a bad x_min choice breaks these by far.
        double alpha = 2.5;
        int seeds = 20;
        int within1 = 0;
        int within2 = 0;
        double sumZ2 = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(1000 + seed);
            double[] x = new double[1000];
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.1 * Math.pow(1 - rnd.nextDouble(), -1 / (alpha - 1));
            }
            PowerLawFit fit = PowerLawFit.fit(x);
            double z = (fit.alpha() - alpha) / fit.sigma();
            assertThat(fit.sigma()).isCloseTo((fit.alpha() - 1) / Math.sqrt(fit.tail()), within(1e-15));
            within1 += Math.abs(z) <= 1 ? 1 : 0;
            within2 += Math.abs(z) <= 2 ? 1 : 0;
            sumZ2 += z * z;
        }
        assertThat(within1).isGreaterThanOrEqualTo(12);
        assertThat(within2).isGreaterThanOrEqualTo(18);
        assertThat(Math.sqrt(sumZ2 / seeds)).isBetween(0.6, 1.6);
    }

    @Test
    void exactQuantilesOfAParetoLawGiveItsExponent() {
        // deterministic quantiles x_k = F⁻¹((k − ½)/n): the MLE at x_min = smallest point is α to O(1/n)
        double alpha = 3.0;
        int n = 2000;
        double[] x = new double[n];
        for (int k = 1; k <= n; k++) {
            x[k - 1] = Math.pow(1 - (k - 0.5) / n, -1 / (alpha - 1));
        }
        PowerLawFit fit = PowerLawFit.fit(x);
        assertThat(fit.alpha()).isCloseTo(alpha, within(0.05));
        assertThat(fit.ks()).isLessThan(0.01);
    }

    @Test
    void tooFewEigenvaluesAreRejected() {
        assertThatThrownBy(() -> PowerLawFit.fit(new double[] {1, 2, 3, 1e-9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10");
    }
}
