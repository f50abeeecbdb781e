package dev.cusp.core.job;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Repeated;
import dev.cusp.core.attack.blackbox.HopSkipJump;
import dev.cusp.core.attack.blackbox.Square;
import dev.cusp.core.attack.ensemble.AutoAttack;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.ApgdTargeted;
import dev.cusp.core.attack.gradient.Bim;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.MiFgsm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.attack.minimal.Fab;
import dev.cusp.core.event.AttackSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The attack catalogue a plan may name: name + norm → the attack, built from its parameter record with the
 * paper's defaults (see each record's Javadoc) and the plan's {@code params} applied ({@link ParameterOverrides});
 * its kind (fixed-ε, minimal-norm, cascade), its budget (for the gateway's maxima) and its worst-case cost per
 * example in gradient-evaluation units (for {@link ShardPlanner}); the fewest classes it needs
 * ({@link #minimumClasses}). {@code restarts} is an extra parameter of the attacks whose run depends on the seed
 * (PGD, APGD-CE/DLR/T, Square, HopSkipJump; runs through {@link Repeated}, default 1); FAB has its own.
 */
public final class AttackRegistry {

    /** How a plan runs an attack: per ε, once for every ε (minimal norm), or as the AutoAttack cascade per ε. */
    public enum Kind {
        FIXED, MINIMAL, CASCADE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A forward query's cost in gradient-evaluation units (measured on the demo MLP, attack-service README). */
    public static final double QUERY_COST = 1.0 / 3;

    /** The extra parameter that wraps an attack in {@link Repeated}. */
    public static final String RESTARTS = "restarts";

    /** What an attack spends per example at most: iterations, restarts and model queries (gateway maxima). */
    public record Budget(int iterations, int restarts, long queries) {
    }

    /** One catalogue entry. */
    private record Entry(String name, List<Norm> norms, Kind kind, String reference, boolean restartable,
            Function<Norm, Record> defaults, Function<Record, Attack> build, Function<Record, Budget> budget,
            Cost cost) {
    }

    /** Worst-case gradient-evaluation units per example of one run at budget ε (per restart). */
    @FunctionalInterface
    private interface Cost {
        double of(Record params, double epsilon, int classes);
    }

    /** A validated plan entry: the attack to run and what to report about it. */
    public record Configured(String name, Norm norm, Kind kind, String reference, Attack attack,
            Map<String, Object> parameters, Budget budget, int restarts,
            java.util.function.ToDoubleBiFunction<Double, Integer> runCost) {

        /** This attack as run with the given budgets and run seeds, for the provenance. */
        public dev.cusp.core.event.AttackRun describe(List<Double> epsilons, List<Long> seeds) {
            return new dev.cusp.core.event.AttackRun(name, norm.id(), kind.id(), List.copyOf(epsilons), parameters,
                    reference, List.copyOf(seeds));
        }

        /** Worst-case cost units per example for this attack over the given budgets (one run if minimal-norm). */
        public double costPerExample(List<Double> epsilons, int classes) {
            if (kind == Kind.MINIMAL) {
                return restarts * runCost.applyAsDouble(Double.POSITIVE_INFINITY, classes);
            }
            double total = 0;
            for (double eps : epsilons) {
                total += restarts * runCost.applyAsDouble(eps, classes);
            }
            return total;
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        List<Norm> lp = List.of(Norm.LINF, Norm.L2);
        add(new Entry("fgsm", List.of(Norm.LINF), Kind.FIXED, "Goodfellow et al. 2015", false,
                Fgm.Params::new, p -> new Fgm((Fgm.Params) p), p -> new Budget(1, 1, 2), (p, e, c) -> 1 + QUERY_COST));
        add(new Entry("fgm", List.of(Norm.L2, Norm.L1), Kind.FIXED, "Goodfellow et al. 2015; Foolbox/ART L2, L1", false,
                Fgm.Params::new, p -> new Fgm((Fgm.Params) p), p -> new Budget(1, 1, 2), (p, e, c) -> 1 + QUERY_COST));
        add(new Entry("bim", List.of(Norm.LINF), Kind.FIXED, "Kurakin et al. 2017", false,
                n -> Bim.Params.DEFAULTS, p -> new Bim((Bim.Params) p),
                p -> new Budget(((Bim.Params) p).steps(1.0, 1.0), 1, ((Bim.Params) p).steps(1.0, 1.0) + 1L),
                (p, e, c) -> ((Bim.Params) p).steps(e, 1.0) * (1 + QUERY_COST)));
        add(new Entry("pgd", lp, Kind.FIXED, "Madry et al. 2018", true,
                Pgd.Params::defaults, p -> new Pgd((Pgd.Params) p),
                p -> new Budget(((Pgd.Params) p).steps(), 1, ((Pgd.Params) p).steps() + 1L),
                (p, e, c) -> ((Pgd.Params) p).steps() * (1 + QUERY_COST)));
        add(new Entry("mi-fgsm", lp, Kind.FIXED, "Dong et al. 2018", false,
                MiFgsm.Params::defaults, p -> new MiFgsm((MiFgsm.Params) p),
                p -> new Budget(((MiFgsm.Params) p).steps(), 1, ((MiFgsm.Params) p).steps() + 1L),
                (p, e, c) -> ((MiFgsm.Params) p).steps() * (1 + QUERY_COST)));
        for (String loss : List.of("ce", "dlr")) {
            add(new Entry("apgd-" + loss, lp, Kind.FIXED, "Croce & Hein 2020 (APGD)", true,
                    n -> Apgd.Params.defaults(n, loss), p -> new Apgd((Apgd.Params) p),
                    p -> new Budget(((Apgd.Params) p).steps(), 1, ((Apgd.Params) p).steps() + 1L),
                    (p, e, c) -> ((Apgd.Params) p).steps() * (1 + QUERY_COST)));
        }
        add(new Entry("apgd-t", lp, Kind.FIXED, "Croce & Hein 2020 (APGD-T)", true,
                ApgdTargeted.Params::defaults, p -> new ApgdTargeted((ApgdTargeted.Params) p),
                p -> new Budget(((ApgdTargeted.Params) p).steps(), ((ApgdTargeted.Params) p).targets(),
                        (((ApgdTargeted.Params) p).steps() + 1L) * ((ApgdTargeted.Params) p).targets()),
                (p, e, c) -> ((ApgdTargeted.Params) p).steps() * Math.min(((ApgdTargeted.Params) p).targets(), c - 1)
                        * (1 + QUERY_COST)));
        add(new Entry("deepfool", lp, Kind.MINIMAL, "Moosavi-Dezfooli et al. 2016", false,
                DeepFool.Params::defaults, p -> new DeepFool((DeepFool.Params) p),
                p -> new Budget(((DeepFool.Params) p).steps(), 1, ((DeepFool.Params) p).steps() + 1L),
                (p, e, c) -> ((DeepFool.Params) p).steps() * (Math.min(((DeepFool.Params) p).candidates(), c)
                        + QUERY_COST)));
        add(new Entry("cw-l2", List.of(Norm.L2), Kind.MINIMAL, "Carlini & Wagner 2017", false,
                n -> CarliniWagnerL2.Params.DEFAULTS, p -> new CarliniWagnerL2((CarliniWagnerL2.Params) p),
                p -> new Budget(((CarliniWagnerL2.Params) p).steps(), ((CarliniWagnerL2.Params) p).binarySearchSteps(),
                        (long) ((CarliniWagnerL2.Params) p).steps() * ((CarliniWagnerL2.Params) p).binarySearchSteps()),
                (p, e, c) -> (double) ((CarliniWagnerL2.Params) p).steps() * ((CarliniWagnerL2.Params) p)
                        .binarySearchSteps() * (1 + QUERY_COST)));
        add(new Entry("fab", lp, Kind.MINIMAL, "Croce & Hein 2020 (FAB)", false,
                Fab.Params::untargeted, p -> new Fab((Fab.Params) p),
                p -> new Budget(((Fab.Params) p).steps(), ((Fab.Params) p).restarts(),
                        (((Fab.Params) p).steps() * 2L + 1) * ((Fab.Params) p).restarts()),
                (p, e, c) -> ((Fab.Params) p).steps() * ((Fab.Params) p).restarts() * (c + 2 * QUERY_COST)));
        add(new Entry("fab-t", lp, Kind.MINIMAL, "Croce & Hein 2020 (FAB-T, AutoAttack)", false,
                Fab.Params::targeted, p -> new Fab(requireTargets((Fab.Params) p)),
                p -> new Budget(((Fab.Params) p).steps(), ((Fab.Params) p).restarts() * ((Fab.Params) p).targets(),
                        (((Fab.Params) p).steps() * 2L + 1) * ((Fab.Params) p).restarts() * ((Fab.Params) p).targets()),
                (p, e, c) -> ((Fab.Params) p).steps() * ((Fab.Params) p).restarts()
                        * Math.min(((Fab.Params) p).targets(), c - 1) * (2 + 2 * QUERY_COST)));
        add(new Entry("square", lp, Kind.FIXED, "Andriushchenko et al. 2020", true,
                Square.Params::defaults, p -> new Square((Square.Params) p),
                p -> new Budget(((Square.Params) p).queries(), 1, ((Square.Params) p).queries() + 1L),
                (p, e, c) -> ((Square.Params) p).queries() * QUERY_COST));
        add(new Entry("hsj", lp, Kind.MINIMAL, "Chen, Jordan & Wainwright 2020 (HopSkipJump)", true,
                HopSkipJump.Params::defaults, p -> new HopSkipJump((HopSkipJump.Params) p),
                p -> new Budget(((HopSkipJump.Params) p).steps(), 1, hsjQueries((HopSkipJump.Params) p)),
                (p, e, c) -> hsjQueries((HopSkipJump.Params) p) * QUERY_COST));
        add(new Entry("autoattack", lp, Kind.CASCADE, "Croce & Hein 2020 (AutoAttack standard)", false,
                AutoAttack.Params::standard, p -> AutoAttack.of((AutoAttack.Params) p),
                p -> new Budget(((AutoAttack.Params) p).steps(), ((AutoAttack.Params) p).targets(),
                        ((AutoAttack.Params) p).squareQueries() + (((AutoAttack.Params) p).steps() + 1L)
                                * (1 + 3L * ((AutoAttack.Params) p).targets())),
                (p, e, c) -> autoAttackCost((AutoAttack.Params) p, c)));
    }

    /** FAB-T with 0 targets would silently be untargeted FAB: refuse it. */
    private static Fab.Params requireTargets(Fab.Params p) {
        if (p.targets() < 1) {
            throw new IllegalArgumentException("parameter 'targets' of fab-t must be >= 1 (use fab for untargeted FAB),"
                    + " got " + p.targets());
        }
        return p;
    }

    /**
     * The fewest classes a model needs for the attack: 3 for the DLR loss (it ranks z_π1..z_π3), 4 for the
     * targeted DLR of APGD-T and AutoAttack (z_π1..z_π4; the reference only warns and then fails), 2 otherwise.
     */
    public static int minimumClasses(String name) {
        if (name == null) {
            throw new IllegalArgumentException("the attack name is missing");
        }
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

    private static void add(Entry entry) {
        ENTRIES.put(entry.name(), entry);
    }

    /** HopSkipJump's worst-case queries: Σ_t min(initial·√t, max) probes plus a binary search of ~25 per step. */
    static long hsjQueries(HopSkipJump.Params p) {
        long total = 100; // the random start's tries (HopSkipJump.START_TRIES)
        for (int t = 1; t <= p.steps(); t++) {
            total += Math.min((long) Math.ceil(p.initialEvaluations() * Math.sqrt(t)), p.maxEvaluations()) + 25;
        }
        return total;
    }

    private static double autoAttackCost(AutoAttack.Params p, int classes) {
        int targets = Math.min(p.targets(), classes - 1);
        return p.steps() * (1 + QUERY_COST) * (1 + targets) + p.steps() * targets * (2 + 2 * QUERY_COST)
                + p.squareQueries() * QUERY_COST;
    }

    /** Every supported pair as {@code name/norm}, in catalogue order. */
    public static List<String> supported() {
        List<String> out = new ArrayList<>();
        for (Entry e : ENTRIES.values()) {
            for (Norm n : e.norms()) {
                out.add(e.name() + "/" + n.id());
            }
        }
        return List.copyOf(out);
    }

    /** The catalogued attack names. */
    public static Set<String> names() {
        return Set.copyOf(ENTRIES.keySet());
    }

    /** True when {@code name/norm} is catalogued. */
    public static boolean supports(String name, String norm) {
        return supported().contains(name + "/" + norm);
    }

    /**
     * The attack of a plan entry with its parameters applied; {@link IllegalArgumentException} naming the unknown
     * attack or norm (with the supported ones) or the bad parameter otherwise.
     */
    public static Configured configure(AttackSpec spec) {
        Entry entry = ENTRIES.get(spec.attack());
        if (entry == null) {
            throw new IllegalArgumentException("unknown attack '" + spec.attack() + "'; supported: "
                    + String.join(", ", supported()));
        }
        Norm norm;
        try {
            norm = Norm.parse(spec.norm());
        } catch (IllegalArgumentException e) {
            norm = null;
        }
        if (norm == null || !entry.norms().contains(norm) || !norm.id().equals(spec.norm())) {
            throw new IllegalArgumentException("attack '" + spec.attack() + "' does not support norm '" + spec.norm()
                    + "'; it supports " + String.join(", ", entry.norms().stream().map(Norm::id).toList())
                    + " (all supported: " + String.join(", ", supported()) + ")");
        }
        Map<String, Object> params = spec.params() == null ? Map.of() : spec.params();
        String label = spec.attack() + "/" + spec.norm();
        Set<String> extras = entry.restartable() ? Set.of(RESTARTS) : Set.of();
        Record record = ParameterOverrides.apply(label, entry.defaults().apply(norm), params, extras);
        int restarts = 1;
        if (entry.restartable() && params.containsKey(RESTARTS)) {
            Object r = params.get(RESTARTS);
            if (!(r instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
                    || n.doubleValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter 'restarts' of " + label + " must be an integer >= 1, got "
                        + r);
            }
            restarts = n.intValue();
        }
        Attack attack = entry.build().apply(record);
        Map<String, Object> described = ParameterOverrides.describe(record);
        if (entry.restartable()) {
            attack = new Repeated(attack, restarts);
            described.put(RESTARTS, restarts);
        }
        Budget base = entry.budget().apply(record);
        Budget budget = new Budget(base.iterations(), base.restarts() * restarts, base.queries() * restarts);
        Record configuredRecord = record;
        return new Configured(entry.name(), norm, entry.kind(), entry.reference(), attack,
                java.util.Collections.unmodifiableMap(described), budget, restarts,
                (eps, classes) -> entry.cost().of(configuredRecord, eps, classes));
    }

    private AttackRegistry() {
    }
}
