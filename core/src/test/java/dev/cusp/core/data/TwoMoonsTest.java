package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TwoMoonsTest {

    @Test
    void sameSeedSameSetOtherSeedOtherSet() {
        LabeledData a = TwoMoons.generate(200, 0.1, 42);
        LabeledData b = TwoMoons.generate(200, 0.1, 42);
        LabeledData c = TwoMoons.generate(200, 0.1, 43);
        assertThat(a.features().toFloatMatrix()).isEqualTo(b.features().toFloatMatrix());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(a.features().toFloatMatrix()).isNotEqualTo(c.features().toFloatMatrix());
    }

    @Test
    void noiseFreePointsLieOnTheTwoScaledHalfCircles() {
        // Raw moons: outer circle centre (0,0), inner centre (1,0.5), radius 1; p ↦ (p − (½,¼))/4 + ½ maps
        // the centres to (0.375, 0.4375) and (0.625, 0.5625) and the radius to 0.25.
        LabeledData moons = TwoMoons.generate(101, 0.0, 1);
        float[][] p = moons.features().toFloatMatrix();
        for (int i = 0; i < p.length; i++) {
            boolean outer = moons.labels()[i] == 0;
            double cx = outer ? 0.375 : 0.625;
            double cy = outer ? 0.4375 : 0.5625;
            double radius = Math.hypot(p[i][0] - cx, p[i][1] - cy);
            assertThat(radius).as("point %d", i).isCloseTo(0.25, within(1e-6)); // float
            assertThat(outer ? p[i][1] >= cy - 1e-6 : p[i][1] <= cy + 1e-6).as("half circle of point %d", i).isTrue();
        }
        assertThat(Arrays.stream(moons.labels()).filter(l -> l == 0).count()).isEqualTo(51);
    }

    @Test
    void staysInTheUnitSquareEvenWithLargeNoise() {
        LabeledData moons = TwoMoons.generate(500, 2.0, 3);
        assertThat(moons.features().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(moons.features().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(moons.classes()).isEqualTo(2);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TwoMoons.generate(1, 0.1, 0)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> TwoMoons.generate(10, Double.NaN, 0)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> TwoMoons.generate(10, -1, 0)).hasMessageContaining("-1");
    }
}
