package dev.cusp.core.attack;

import dev.cusp.core.attack.blackbox.HopSkipJump;
import dev.cusp.core.attack.blackbox.Square;
import dev.cusp.core.attack.ensemble.AutoAttack;
import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.ApgdTargeted;
import dev.cusp.core.attack.gradient.Bim;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.MiFgsm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.attack.minimal.Fab;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attack catalogue by name, as plans name them ({@code AttackSpec}): which norms each supports and how to
 * build one from parameter overrides (unknown names, norms or parameters are rejected with the valid ones).
 * Any attack but AutoAttack and FAB takes {@code restarts} (wrapped in {@link Repeated}).
 */
public final class Attacks {

    /** Every attack name and the norms it supports, in catalogue order. */
    public static final Map<String, Set<Norm>> CATALOGUE = catalogue();

    private Attacks() {
    }

    private static Map<String, Set<Norm>> catalogue() {
        Map<String, Set<Norm>> out = new LinkedHashMap<>();
        out.put("fgsm", EnumSet.of(Norm.LINF));
        out.put("fgm", EnumSet.of(Norm.L1, Norm.L2, Norm.LINF));
        out.put("bim", EnumSet.of(Norm.LINF));
        out.put("pgd", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("mi-fgsm", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("apgd-ce", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("apgd-dlr", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("apgd-t", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("deepfool", EnumSet.of(Norm.L2, Norm.LINF));
        out.put("cw-l2", EnumSet.of(Norm.L2));
        out.put("fab", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("fab-t", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("square", EnumSet.of(Norm.LINF, Norm.L2));
        out.put("hsj", EnumSet.of(Norm.L2, Norm.LINF));
        out.put("autoattack", EnumSet.of(Norm.LINF, Norm.L2));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Every supported combination as "name/norm", e.g. {@code pgd/l2}. */
    public static List<String> supported() {
        List<String> out = new ArrayList<>();
        CATALOGUE.forEach((name, norms) -> norms.forEach(norm -> out.add(name + "/" + norm.id())));
        return out;
    }

    /**
     * The fewest classes a model needs for the attack: 3 for the DLR loss (z_π3), 4 for the targeted DLR of
     * APGD-T and AutoAttack (z_π4; the reference only warns and then fails), 2 otherwise.
     */
    public static int minimumClasses(String name) {
        return switch (name) {
            case "apgd-dlr" -> 3;
            case "apgd-t", "autoattack" -> 4;
            default -> 2;
        };
    }

    /** Throws with the reason if a model with {@code classes} classes cannot run the attack. */
    public static void requireClasses(String name, int classes) {
        if (classes < minimumClasses(name)) {
            throw new IllegalArgumentException("attack '" + name + "' needs a model with at least "
                    + minimumClasses(name) + " classes (its DLR loss ranks that many logits), the model has " + classes);
        }
    }

    /** Classes assumed when a cost depends on them (untargeted FAB's full Jacobian): Cusp's data sets have ≤ 10. */
    public static final int COST_CLASSES = 10;
    /** A forward query costs about a third of a forward-and-backward gradient evaluation. */
    public static final int QUERIES_PER_GRADIENT = 3;

    /**
     * Worst-case work per example of one plan entry, in gradient-evaluation equivalents (a gradient evaluation
     * = 1, a forward query = 1/3): a fixed-ε attack runs once per ε, a minimal-norm attack once for all ε;
     * early stops only make it cheaper. Shard planning divides its budget by this.
     */
    public static long cost(String name, String norm, Map<String, Object> overrides, List<Double> epsilons) {
        Attack attack = create(name, norm, overrides);
        double width = 1.0;
        long total = 0;
        if (attack.minimizesNorm()) {
            total = cost(attack.parameters(), Double.POSITIVE_INFINITY, width);
        } else {
            for (double epsilon : epsilons) {
                total += cost(attack.parameters(), epsilon, width);
            }
        }
        return Math.max(1, total);
    }

    private static long cost(Record p, double epsilon, double width) {
        long gradients;
        long queries;
        if (p instanceof Fgm.Params) {
            gradients = 1;
            queries = 1;
        } else if (p instanceof Bim.Params b) {
            gradients = b.steps(epsilon, width);
            queries = gradients + 1;
        } else if (p instanceof Pgd.Params g) {
            gradients = g.steps();
            queries = gradients + 1;
        } else if (p instanceof MiFgsm.Params m) {
            gradients = m.steps();
            queries = gradients + 1;
        } else if (p instanceof Apgd.Params a) {
            gradients = a.steps() + 1L;
            queries = gradients + 1;
        } else if (p instanceof ApgdTargeted.Params t) {
            gradients = (long) t.targets() * (t.steps() + 1);
            queries = gradients + 1;
        } else if (p instanceof DeepFool.Params d) {
            gradients = (long) d.steps() * (d.candidates() - 1);
            queries = d.steps() + 1L;
        } else if (p instanceof CarliniWagnerL2.Params c) {
            gradients = (long) c.binarySearchSteps() * c.steps();
            queries = gradients + 1;
        } else if (p instanceof Fab.Params f) {
            long runs = (long) Math.max(f.targets(), 1) * f.restarts() * f.steps();
            gradients = runs * (f.targets() == 0 ? COST_CLASSES : 1);
            queries = 2 * runs + 1;
        } else if (p instanceof Square.Params q) {
            gradients = 0;
            queries = q.queries() + 2L;
        } else if (p instanceof HopSkipJump.Params h) {
            gradients = 0;
            queries = 1 + 100; // clean check and random starts
            for (int t = 1; t <= h.steps(); t++) {
                // probes, step-size halvings and the binary search (about 64 decisions in float precision)
                queries += (long) Math.min(h.initialEvaluations() * Math.sqrt(t), h.maxEvaluations()) + 64;
            }
        } else if (p instanceof Repeated.Params r) {
            gradients = (long) r.restarts() * cost(r.attack(), epsilon, width);
            queries = 0;
        } else if (p instanceof Cascade.Params c) {
            gradients = 0;
            for (Record stage : c.parameters()) {
                gradients += cost(stage, epsilon, width);
            }
            queries = 0;
        } else {
            throw new IllegalStateException("no cost model for " + p.getClass().getSimpleName());
        }
        return gradients + (queries + QUERIES_PER_GRADIENT - 1) / QUERIES_PER_GRADIENT;
    }

    /** Builds the named attack for a norm with the given overrides of its documented defaults. */
    public static Attack create(String name, String norm, Map<String, Object> overrides) {
        if (name == null || !CATALOGUE.containsKey(name)) {
            throw new IllegalArgumentException("unknown attack '" + name + "'; known: "
                    + String.join(", ", CATALOGUE.keySet()));
        }
        Norm n = Norm.parse(norm);
        if (!CATALOGUE.get(name).contains(n)) {
            throw new IllegalArgumentException("attack '" + name + "' does not support norm '" + norm + "'; it supports "
                    + CATALOGUE.get(name).stream().map(Norm::id).toList());
        }
        Parameters p = new Parameters(name, overrides);
        Attack attack = build(name, n, p);
        int restarts = name.equals("autoattack") || name.startsWith("fab") ? 1 : p.integer("restarts", 1);
        p.requireAllKnown();
        return restarts > 1 ? new Repeated(attack, restarts) : attack;
    }

    private static Attack build(String name, Norm norm, Parameters p) {
        return switch (name) {
            case "fgsm", "fgm" -> new Fgm(new Fgm.Params(norm));
            case "bim" -> {
                Bim.Params d = Bim.Params.DEFAULTS;
                yield new Bim(new Bim.Params(p.real("stepSize", d.stepSize()), p.integer("extraSteps", d.extraSteps()),
                        p.real("stepFactor", d.stepFactor())));
            }
            case "pgd" -> {
                Pgd.Params d = Pgd.Params.defaults(norm);
                yield new Pgd(new Pgd.Params(norm, p.integer("steps", d.steps()),
                        p.real("relativeStepSize", d.relativeStepSize()), p.flag("randomStart", d.randomStart())));
            }
            case "mi-fgsm" -> {
                MiFgsm.Params d = MiFgsm.Params.defaults(norm);
                yield new MiFgsm(new MiFgsm.Params(norm, p.integer("steps", d.steps()), p.real("decay", d.decay())));
            }
            case "apgd-ce", "apgd-dlr" -> {
                Apgd.Params d = Apgd.Params.defaults(norm, name.substring(5));
                yield new Apgd(new Apgd.Params(norm, d.loss(), p.integer("steps", d.steps()), p.real("rho", d.rho())));
            }
            case "apgd-t" -> {
                ApgdTargeted.Params d = ApgdTargeted.Params.defaults(norm);
                yield new ApgdTargeted(new ApgdTargeted.Params(norm, p.integer("steps", d.steps()),
                        p.real("rho", d.rho()), p.integer("targets", d.targets())));
            }
            case "deepfool" -> {
                DeepFool.Params d = DeepFool.Params.defaults(norm);
                yield new DeepFool(new DeepFool.Params(norm, p.integer("steps", d.steps()),
                        p.real("overshoot", d.overshoot()), p.integer("candidates", d.candidates())));
            }
            case "cw-l2" -> {
                CarliniWagnerL2.Params d = CarliniWagnerL2.Params.DEFAULTS;
                yield new CarliniWagnerL2(new CarliniWagnerL2.Params(
                        p.integer("binarySearchSteps", d.binarySearchSteps()), p.integer("steps", d.steps()),
                        p.real("learningRate", d.learningRate()), p.real("confidence", d.confidence()),
                        p.real("initialConst", d.initialConst()), p.flag("abortEarly", d.abortEarly())));
            }
            case "fab", "fab-t" -> {
                Fab.Params d = name.equals("fab") ? Fab.Params.untargeted(norm) : Fab.Params.targeted(norm);
                int targets = name.equals("fab") ? 0 : p.integer("targets", d.targets());
                if (name.equals("fab-t") && targets < 1) {
                    throw new IllegalArgumentException("fab-t needs at least one target class, got " + targets);
                }
                yield new Fab(new Fab.Params(norm, p.integer("steps", d.steps()), p.integer("restarts", d.restarts()),
                        p.real("alphaMax", d.alphaMax()), p.real("eta", d.eta()), p.real("beta", d.beta()), targets));
            }
            case "square" -> {
                Square.Params d = Square.Params.defaults(norm);
                yield new Square(new Square.Params(norm, p.integer("queries", d.queries()), p.real("pInit", d.pInit())));
            }
            case "hsj" -> {
                HopSkipJump.Params d = HopSkipJump.Params.defaults(norm);
                yield new HopSkipJump(new HopSkipJump.Params(norm, p.integer("steps", d.steps()),
                        p.integer("initialEvaluations", d.initialEvaluations()),
                        p.integer("maxEvaluations", d.maxEvaluations()), p.real("gamma", d.gamma())));
            }
            case "autoattack" -> {
                AutoAttack.Params d = AutoAttack.Params.standard(norm);
                yield AutoAttack.of(new AutoAttack.Params(norm, p.integer("steps", d.steps()),
                        p.integer("targets", d.targets()), p.integer("squareQueries", d.squareQueries())));
            }
            default -> throw new IllegalStateException("catalogue and builder disagree on " + name);
        };
    }
}
