package dev.cusp.core.singularity.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nelderMeadFindsTheRosenbrockMinimum() {
        NelderMead.Result r = NelderMead.minimize(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                new double[] {-1.2, 1.0}, 1e-8, 1e-10, 5000, 5000);
        assertThat(r.converged()).isTrue();
        assertThat(r.x()[0]).isCloseTo(1.0, within(1e-5));
        assertThat(r.x()[1]).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void ksPValueForOnePointIsTheClosedForm() {
        // D₁ = max(U, 1 − U) ≥ ½, so P(D₁ ≥ d) = 2(1 − d) on [½, 1]
        for (double d : new double[] {0.55, 0.7, 0.9}) {
            assertThat(KolmogorovSmirnov.pValue(d, 1)).isCloseTo(2 * (1 - d), within(1e-12));
        }
        assertThat(KolmogorovSmirnov.pValue(0.3, 1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void ksPValueMatchesMonteCarloOfUniformSamples() {
        // 100 000 simulated D₁₀ under H₀: the exact tail probability must sit within 4 binomial standard errors
        int n = 10;
        double d = 0.274;
        int trials = 100_000;
        Random rnd = new Random(77);
        int exceed = 0;
        double[] u = new double[n];
        for (int t = 0; t < trials; t++) {
            for (int i = 0; i < n; i++) {
                u[i] = rnd.nextDouble();
            }
            if (KolmogorovSmirnov.test(u, x -> x).statistic() >= d) {
                exceed++;
            }
        }
        double p = KolmogorovSmirnov.pValue(d, n);
        double se = Math.sqrt(p * (1 - p) / trials);
        assertThat((double) exceed / trials).isCloseTo(p, within(4 * se));
    }

    @Test
    void reverseWeibullFitRecoversTheRightEndpoint() {
        // maxima = L − s·W with W ~ Weibull(c = 3): −maxima ~ weibull_min(3, −L, s); L = 2, s = 0.5, 500 maxima.
        // The MLE of the endpoint for c > 2 is regular with error ~ s/√n ≈ 0.02: 0.1 is five of those.
        Random rnd = new Random(91);
        double[] maxima = new double[500];
        for (int i = 0; i < maxima.length; i++) {
            double w = Math.pow(-Math.log(1 - rnd.nextDouble()), 1.0 / 3);
            maxima[i] = 2 - 0.5 * w;
        }
        ReverseWeibullFit fit = ReverseWeibullFit.fit(maxima);
        assertThat(fit.fallback()).isFalse();
        assertThat(fit.lipschitz()).isCloseTo(2.0, within(0.1));
        assertThat(fit.pValue()).isGreaterThan(ReverseWeibullFit.MIN_P_VALUE);
    }

    @Test
    void constantMaximaFallBackToTheLargestSample() {
        ReverseWeibullFit fit = ReverseWeibullFit.fit(new double[] {1.5, 1.5, 1.5, 1.5});
        assertThat(fit.fallback()).isTrue();
        assertThat(fit.lipschitz()).isEqualTo(1.5);
    }
}
