package dev.cusp.core.attack.ensemble;

import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.blackbox.Square;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.ApgdTargeted;
import dev.cusp.core.attack.minimal.Fab;
import java.util.List;

/**
 * AutoAttack "standard" (Croce &amp; Hein 2020; fra31/auto-attack {@code set_version('standard')}) as a
 * {@link Cascade}: APGD-CE → APGD-T (9 targets) → FAB-T (9 targets) → Square (5,000 queries), 100 iterations
 * each, every stage only on the points still robust, one seed for all stages.
 */
public final class AutoAttack {

    /** Iterations per gradient stage, target classes and Square's queries; the standard version's values. */
    public record Params(Norm norm, int steps, int targets, int squareQueries) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("AutoAttack standard supports linf and l2, got " + norm);
            }
            if (steps < 1 || targets < 1 || squareQueries < 1) {
                throw new IllegalArgumentException("AutoAttack needs steps, targets and queries >= 1, got "
                        + steps + ", " + targets + ", " + squareQueries);
            }
        }

        public static Params standard(Norm norm) {
            return new Params(norm, 100, 9, 5_000);
        }
    }

    private AutoAttack() {
    }

    /** The standard cascade for a norm. */
    public static Cascade standard(Norm norm) {
        return of(Params.standard(norm));
    }

    /** The cascade with explicit parameters (tests use fewer iterations). */
    public static Cascade of(Params params) {
        Norm norm = params.norm();
        return new Cascade("autoattack", List.of(
                new Apgd(Apgd.Params.defaults(norm, "ce").withSteps(params.steps())),
                new ApgdTargeted(new ApgdTargeted.Params(norm, params.steps(), 0.75, params.targets())),
                new Fab(Fab.Params.targeted(norm).withSteps(params.steps()).withTargets(params.targets())),
                new Square(Square.Params.defaults(norm).withQueries(params.squareQueries()))));
    }
}
