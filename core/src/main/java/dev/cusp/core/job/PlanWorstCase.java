package dev.cusp.core.job;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.ExampleAttack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-example worst case over the attacks of a plan: an example is broken at (norm, ε) when any attack with
 * that norm succeeded at that ε (Croce &amp; Hein 2020, §4: robust accuracy is the worst case over the attacks per
 * point). Counts are sums over examples, so shards can be tallied apart and added.
 */
public final class PlanWorstCase {

    /** One (norm, ε) of the plan. */
    public record Budget(String norm, double epsilon) {
        static final Comparator<Budget> ORDER = Comparator.comparing(Budget::norm)
                .thenComparingDouble(Budget::epsilon);
    }

    /** Running counts per budget; {@link #add} one shard's examples, {@link #plus} another tally. */
    public static final class Tally {
        private final Map<Budget, int[]> counts = new TreeMap<>(Budget.ORDER); // {examples, broken}
        private final Map<Budget, Set<String>> attacks = new TreeMap<>(Budget.ORDER);

        public Tally add(List<ExampleAttack> examples) {
            for (ExampleAttack example : examples) {
                Set<Budget> broken = broken(example.outcomes());
                Set<Budget> seen = new HashSet<>();
                for (AttackOutcome o : example.outcomes()) {
                    Budget budget = new Budget(o.norm(), o.epsilon());
                    attacks.computeIfAbsent(budget, b -> new TreeSet<>()).add(o.attack());
                    if (seen.add(budget)) {
                        int[] count = counts.computeIfAbsent(budget, b -> new int[2]);
                        count[0]++;
                        count[1] += broken.contains(budget) ? 1 : 0;
                    }
                }
            }
            return this;
        }

        public Tally plus(Tally other) {
            other.counts.forEach((b, c) -> {
                int[] count = counts.computeIfAbsent(b, k -> new int[2]);
                count[0] += c[0];
                count[1] += c[1];
            });
            other.attacks.forEach((b, names) -> attacks.computeIfAbsent(b, k -> new TreeSet<>()).addAll(names));
            return this;
        }

        /** One row per (norm, ε), sorted by norm then ε. */
        public List<WorstCaseAccuracy> rows() {
            List<WorstCaseAccuracy> rows = new ArrayList<>(counts.size());
            counts.forEach((b, c) -> rows.add(new WorstCaseAccuracy(b.norm(), b.epsilon(),
                    List.copyOf(attacks.get(b)), c[0], c[1], 1.0 - (double) c[1] / c[0])));
            return rows;
        }
    }

    /** Robust accuracy against the plan for these examples, one row per (norm, ε). */
    public static List<WorstCaseAccuracy> of(List<ExampleAttack> examples) {
        return new Tally().add(examples).rows();
    }

    /** The budgets at which any of one example's outcomes is a success. */
    public static Set<Budget> broken(List<AttackOutcome> outcomes) {
        Set<Budget> broken = new HashSet<>();
        for (AttackOutcome o : outcomes) {
            if (o.success()) {
                broken.add(new Budget(o.norm(), o.epsilon()));
            }
        }
        return broken;
    }

    private PlanWorstCase() {
    }
}
