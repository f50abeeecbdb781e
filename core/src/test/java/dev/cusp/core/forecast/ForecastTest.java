package dev.cusp.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastTest {

    @Test
    void aucOfTheTextbookExample() {
        // scores (0.1, 0.4, 0.35, 0.8), outcomes (−, −, +, +): of the 4 positive/negative pairs, 3 are ordered
        // correctly (0.35 < 0.4 is the miss): AUC = 3/4
        assertThat(RocAuc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isCloseTo(0.75, within(1e-15));
    }

    @Test
    void aucCountsTiesAsOneHalf() {
        // positives score 1 and 3, negatives 1 and 2: pairs (1,1) ½, (1,2) 0, (3,1) 1, (3,2) 1 → 2.5/4
        assertThat(RocAuc.of(new double[] {1, 1, 2, 3}, new boolean[] {false, true, false, true}))
                .isCloseTo(0.625, within(1e-15));
        assertThat(RocAuc.of(new double[] {1, 2}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void spearmanByHandWithATie() {
        // ranks of y = (5, 6, 7, 8, 7) are (1, 2, 3.5, 5, 3.5); deviations from 3: x (−2, −1, 0, 1, 2),
        // y (−2, −1, ½, 2, ½): Σdxdy = 8, Σdx² = 10, Σdy² = 9.5, ρ = 8/√95
        assertThat(Spearman.of(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}))
                .isCloseTo(8 / Math.sqrt(95), within(1e-15));
        assertThat(Spearman.of(new double[] {1, 2, 3}, new double[] {10, 20, 30})).isCloseTo(1.0, within(1e-15));
        assertThat(Spearman.of(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isCloseTo(-1.0, within(1e-15));
        assertThat(Spearman.of(new double[] {1, 2, 3}, new double[] {4, 4, 4})).isNaN();
    }

    @Test
    void forecastOrientsIndicatorsAndNamesTheBest() {
        // 6 examples: the attack succeeds on the first three. The distance-like indicator is smallest exactly
        // there (AUC 1 after orientation), the noise indicator is not (AUC ½, below), and the minimal
        // distances rise with the distance indicator (ρ = 1) and fall with the noise ranks.
        boolean[] success = {true, true, true, false, false, false};
        double[] minimal = {0.1, 0.2, 0.3, 0.4, Double.POSITIVE_INFINITY, 0.6};
        Forecast.Indicator distance = new Forecast.Indicator("firstOrderDistance", Forecast.Orientation.LOW_IS_FRAGILE,
                new double[] {0.05, 0.1, 0.2, 0.3, 0.9, 0.5});
        Forecast.Indicator noise = new Forecast.Indicator("kappa", Forecast.Orientation.HIGH_IS_FRAGILE,
                new double[] {3, 1, 5, 2, 4, Double.NaN});
        Forecast.Result r = Forecast.evaluate(List.of(distance, noise), success, minimal);
        Forecast.IndicatorForecast d = r.indicators().get(0);
        assertThat(d.auc()).isCloseTo(1.0, within(1e-15));
        assertThat(d.spearman()).isCloseTo(1.0, within(1e-15));
        assertThat(d.pairs()).isEqualTo(5);
        Forecast.IndicatorForecast k = r.indicators().get(1);
        // κ positives {3, 1, 5} vs negatives {2, 4} (the NaN example dropped): ordered pairs 3>2, 5>2, 5>4 → 3/6
        assertThat(k.examples()).isEqualTo(5);
        assertThat(k.auc()).isCloseTo(0.5, within(1e-15));
        // κ (3,1,5,2) against distances (0.1,0.2,0.3,0.4): ranks (3,1,4,2) vs (1,2,3,4): Σd² = 4+1+1+4 = 10,
        // ρ = 1 − 6·10/(4·15) = 0
        assertThat(k.spearman()).isCloseTo(0.0, within(1e-15));
        assertThat(r.best().name()).isEqualTo("firstOrderDistance");
    }
}
