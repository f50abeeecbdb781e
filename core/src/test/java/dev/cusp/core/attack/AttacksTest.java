package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue by name: documented defaults, overrides, restarts, clear rejections and worst-case costs. */
class AttacksTest {

    @Test
    void namesBuildTheAttacksWithTheirDocumentedDefaults() {
        assertThat(Attacks.create("pgd", "linf", Map.of()).parameters()).isEqualTo(Pgd.Params.defaults(Norm.LINF));
        assertThat(Attacks.create("deepfool", "l2", Map.of()).parameters()).isEqualTo(DeepFool.Params.defaults(Norm.L2));
        assertThat(Attacks.create("cw-l2", "l2", Map.of()).parameters()).isEqualTo(CarliniWagnerL2.Params.DEFAULTS);
        assertThat(Attacks.create("apgd-dlr", "l2", Map.of()).parameters())
                .isEqualTo(Apgd.Params.defaults(Norm.L2, "dlr"));
        assertThat(((Cascade.Params) Attacks.create("autoattack", "linf", Map.of()).parameters()).stages())
                .containsExactly("apgd-ce", "apgd-t", "fab-t", "square");
        assertThat(Attacks.supported()).contains("fgsm/linf", "pgd/l2", "square/linf", "hsj/l2").hasSize(28);
    }

    @Test
    void overridesAndRestartsApply() {
        Attack pgd = Attacks.create("pgd", "l2", Map.of("steps", 7, "restarts", 3, "randomStart", false));
        assertThat(pgd).isInstanceOf(Repeated.class);
        assertThat(pgd.parameters()).isEqualTo(new Repeated.Params(3, new Pgd.Params(Norm.L2, 7, 0.025, false)));
    }

    @Test
    void unknownNamesNormsAndParametersAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> Attacks.create("jsma", "linf", Map.of()))
                .hasMessageContaining("'jsma'").hasMessageContaining("pgd");
        assertThatThrownBy(() -> Attacks.create("cw-l2", "linf", Map.of()))
                .hasMessageContaining("'linf'").hasMessageContaining("l2");
        assertThatThrownBy(() -> Attacks.create("square", "linf", Map.of("querys", 10)))
                .hasMessageContaining("'querys'").hasMessageContaining("queries");
        assertThatThrownBy(() -> Attacks.create("pgd", "linf", Map.of("steps", 2.5)))
                .hasMessageContaining("'steps'").hasMessageContaining("2.5");
        assertThatThrownBy(() -> Attacks.create("pgd", "lp", Map.of())).hasMessageContaining("'lp'");
    }

    @Test
    void costsAreWorstCaseGradientEquivalentsPerExample() {
        // PGD-40: 40 gradients and 41 queries (ceil(41/3) = 14) per ε
        assertThat(Attacks.cost("pgd", "linf", Map.of(), List.of(0.1))).isEqualTo(54);
        assertThat(Attacks.cost("pgd", "linf", Map.of(), List.of(0.1, 0.2))).isEqualTo(108);
        assertThat(Attacks.cost("pgd", "linf", Map.of("restarts", 5), List.of(0.1))).isEqualTo(270);
        // a minimal-norm attack runs once whatever the number of ε
        assertThat(Attacks.cost("deepfool", "l2", Map.of(), List.of(0.1, 0.2, 0.3)))
                .isEqualTo(Attacks.cost("deepfool", "l2", Map.of(), List.of(0.1)));
        // AutoAttack standard: APGD-CE 135 + APGD-T 1213 + FAB-T 1501 + Square 1668
        assertThat(Attacks.cost("autoattack", "linf", Map.of(), List.of(0.03))).isEqualTo(4517);
    }
}
