package dev.cusp.core.singularity.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarchingSquaresTest {

    @Test
    void circleIsOneClosedPolylineOnTheCircle() {
        double[] s = FoldCuspDetector.axis(-1, 1, 41);
        double[] t = FoldCuspDetector.axis(-1, 1, 41);
        double[][] v = new double[41][41];
        for (int i = 0; i < 41; i++) {
            for (int j = 0; j < 41; j++) {
                v[i][j] = s[i] * s[i] + t[j] * t[j] - 0.5;
            }
        }
        List<MarchingSquares.Polyline> lines = MarchingSquares.contour(s, t, v);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).closed()).isTrue();
        for (double[] p : lines.get(0).points()) {
            // linear interpolation of a quadratic along an edge of length h = 0.05: radius error ≤ h²/(8r)·... < h²
            assertThat(Math.hypot(p[0], p[1])).isCloseTo(Math.sqrt(0.5), within(0.0025));
        }
    }

    @Test
    void twoCrossingLinesGiveOpenPolylinesEndingOnTheBorder() {
        double[] s = FoldCuspDetector.axis(-1, 1, 30);
        double[] t = FoldCuspDetector.axis(-1, 1, 30);
        double[][] v = new double[30][30];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                v[i][j] = (s[i] - 0.1) * (t[j] + 0.2);
            }
        }
        List<MarchingSquares.Polyline> lines = MarchingSquares.contour(s, t, v);
        // s = 0.1 and t = −0.2 cross in one saddle cell, resolved into two open L-shaped branches
        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(l -> assertThat(l.closed()).isFalse());
        // one crossing per grid row on s = 0.1 and one per grid column on t = −0.2
        int points = lines.stream().mapToInt(l -> l.points().size()).sum();
        assertThat(points).isEqualTo(30 + 30);
    }
}
