package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Repeated;
import dev.cusp.core.attack.blackbox.Square;
import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.event.AttackSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one attack catalogue by name: documented defaults, overrides, restarts, clear rejections, the classes each
 * attack needs and worst-case costs (recomputed here from each algorithm's per-step work: a gradient evaluation is
 * 1 unit, a forward query {@link AttackRegistry#QUERY_COST}; exact up to double rounding, 1e-9).
 */
class AttackRegistryTest {

    private static AttackRegistry.Configured configure(String name, String norm, Map<String, Object> params) {
        return AttackRegistry.configure(new AttackSpec(name, norm, List.of(0.1), params));
    }

    /** The attack's own parameter record (inside {@link Repeated} for the restartable ones). */
    private static Record record(Attack attack) {
        return attack.parameters() instanceof Repeated.Params r ? r.attack() : attack.parameters();
    }

    @Test
    void namesBuildTheAttacksWithTheirDocumentedDefaults() {
        assertThat(record(configure("pgd", "linf", Map.of()).attack())).isEqualTo(Pgd.Params.defaults(Norm.LINF));
        assertThat(record(configure("deepfool", "l2", Map.of()).attack())).isEqualTo(DeepFool.Params.defaults(Norm.L2));
        assertThat(record(configure("cw-l2", "l2", Map.of()).attack())).isEqualTo(CarliniWagnerL2.Params.DEFAULTS);
        assertThat(record(configure("apgd-dlr", "l2", Map.of()).attack())).isEqualTo(Apgd.Params.defaults(Norm.L2, "dlr"));
        assertThat(record(configure("square", "l2", Map.of()).attack())).isEqualTo(Square.Params.defaults(Norm.L2));
        assertThat(((Cascade.Params) configure("autoattack", "linf", Map.of()).attack().parameters()).stages())
                .containsExactly("apgd-ce", "apgd-t", "fab-t", "square");
        assertThat(AttackRegistry.supported()).contains("fgsm/linf", "fgm/l1", "pgd/l2", "square/linf", "hsj/l2")
                .doesNotContain("cw-l2/linf").hasSize(27);
    }

    @Test
    void overridesAndRestartsApplyAndAreDescribedForTheProvenance() {
        AttackRegistry.Configured pgd = configure("pgd", "l2", Map.of("steps", 7, "restarts", 3, "randomStart", false));
        assertThat(pgd.attack()).isInstanceOf(Repeated.class);
        assertThat(pgd.attack().parameters()).isEqualTo(new Repeated.Params(3, new Pgd.Params(Norm.L2, 7, 0.025, false)));
        assertThat(pgd.parameters()).containsEntry("steps", 7).containsEntry("restarts", 3).containsEntry("norm", "l2");
        assertThat(pgd.budget()).isEqualTo(new AttackRegistry.Budget(7, 3, 3 * 8L));
        // every attack whose run depends on the seed takes restarts
        for (String seeded : List.of("apgd-ce", "apgd-dlr", "apgd-t", "square", "hsj")) {
            assertThat(configure(seeded, "linf", Map.of("restarts", 2)).restarts()).as(seeded).isEqualTo(2);
        }
    }

    @Test
    void unknownNamesNormsAndParametersAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> configure("jsma", "linf", Map.of()))
                .hasMessageContaining("'jsma'").hasMessageContaining("pgd/linf");
        assertThatThrownBy(() -> configure("cw-l2", "linf", Map.of()))
                .hasMessageContaining("'linf'").hasMessageContaining("it supports l2");
        assertThatThrownBy(() -> configure("square", "linf", Map.of("querys", 10)))
                .hasMessageContaining("'querys'").hasMessageContaining("queries");
        assertThatThrownBy(() -> configure("pgd", "linf", Map.of("steps", 2.5)))
                .hasMessageContaining("'steps'").hasMessageContaining("2.5");
        assertThatThrownBy(() -> configure("pgd", "lp", Map.of())).hasMessageContaining("'lp'");
        assertThatThrownBy(() -> configure("deepfool", "l2", Map.of("restarts", 2)))
                .hasMessageContaining("unknown parameter 'restarts' for deepfool/l2");
    }

    @Test
    void fabTWithoutTargetsIsRefusedRatherThanRunAsUntargetedFab() {
        assertThatThrownBy(() -> configure("fab-t", "linf", Map.of("targets", 0)))
                .hasMessageContaining("'targets' of fab-t must be >= 1").hasMessageContaining("got 0");
        assertThat(configure("fab", "linf", Map.of("restarts", 2)).budget().restarts()).isEqualTo(2);
    }

    @Test
    void dlrAttacksNeedThreeOrFourClassesAndSayWhy() {
        assertThat(AttackRegistry.minimumClasses("pgd")).isEqualTo(2);
        assertThat(AttackRegistry.minimumClasses("apgd-dlr")).isEqualTo(3);
        assertThat(AttackRegistry.minimumClasses("apgd-t")).isEqualTo(4);
        assertThat(AttackRegistry.minimumClasses("autoattack")).isEqualTo(4);
        AttackRegistry.requireClasses("apgd-dlr", 3);
        assertThatThrownBy(() -> AttackRegistry.requireClasses("autoattack", 3))
                .hasMessage("attack 'autoattack' needs a model with at least 4 classes (its DLR loss ranks that many"
                        + " logits), the model has 3");
    }

    @Test
    void costsAreWorstCaseGradientEquivalentsPerExample() {
        double q = AttackRegistry.QUERY_COST;
        double pgd = 40 * (1 + q); // PGD-40: a gradient and its forward pass per step
        assertThat(cost("pgd", Map.of(), List.of(0.1))).isCloseTo(pgd, within(1e-9));
        assertThat(cost("pgd", Map.of(), List.of(0.1, 0.2))).isCloseTo(2 * pgd, within(1e-9));
        assertThat(cost("pgd", Map.of("restarts", 5), List.of(0.1))).isCloseTo(5 * pgd, within(1e-9));
        // a minimal-norm attack runs once whatever the number of ε
        assertThat(cost("deepfool", Map.of(), List.of(0.1, 0.2, 0.3))).isEqualTo(cost("deepfool", Map.of(), List.of(0.1)));
        // AutoAttack standard on 10 classes: APGD-CE (100 steps) + APGD-T (9 targets × 100 steps)
        // + FAB-T (9 targets × 100 steps × 2 gradients and 2 queries) + Square (5,000 queries)
        double autoAttack = 100 * (1 + q) + 9 * 100 * (1 + q) + 9 * 100 * (2 + 2 * q) + 5000 * q;
        assertThat(cost("autoattack", Map.of(), List.of(0.03))).isCloseTo(autoAttack, within(1e-9));
    }

    private static double cost(String name, Map<String, Object> params, List<Double> epsilons) {
        return AttackRegistry.configure(new AttackSpec(name, "linf", epsilons, params)).costPerExample(epsilons, 10);
    }
}
