package dev.cusp.core.job;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackRun;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.event.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a job's {@link AttackSummary} from its examples (the worst case over the plan, AutoAttack's stages), its
 * shards' masking evidence and provenance (one per shard; the attack runs are the first shard's with the seeds of
 * every shard appended) and the robust-accuracy table of {@link ReportAggregator}.
 */
public final class AttackSummaryAggregator {

    public static AttackSummary aggregate(List<ExampleAttack> examples, List<MaskingEvidence> evidence,
            List<Provenance> provenance, JobReport report) {
        MaskingEvidence total = new MaskingEvidence(0, 0, 0, 0, 0);
        for (MaskingEvidence e : evidence) {
            if (e != null) {
                total = total.plus(e);
            }
        }
        List<MaskingVerdict> masking = MaskingVerdicts.of(total, report.cleanAccuracy(), report.robustAccuracy());
        List<Provenance> known = provenance.stream().filter(p -> p != null).toList();
        String version = known.isEmpty() ? null : known.get(0).cuspVersion();
        long seed = known.isEmpty() ? 0 : known.get(0).jobSeed();
        return new AttackSummary(PlanWorstCase.of(examples), stages(examples), masking, total, version, seed, runs(known));
    }

    private record Key(String attack, String norm, double epsilon, String stage) {
    }

    static List<StageCount> stages(List<ExampleAttack> examples) {
        Map<Key, Integer> counts = new TreeMap<>(Comparator.comparing(Key::attack).thenComparing(Key::norm)
                .thenComparingDouble(Key::epsilon).thenComparing(Key::stage));
        for (ExampleAttack example : examples) {
            for (AttackOutcome o : example.outcomes()) {
                if (!"autoattack".equals(o.attack())) {
                    continue;
                }
                String stage = o.stage() == null ? StageCount.ROBUST : o.stage();
                counts.merge(new Key(o.attack(), o.norm(), o.epsilon(), stage), 1, Integer::sum);
            }
        }
        List<StageCount> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new StageCount(k.attack(), k.norm(), k.epsilon(), k.stage(), v)));
        return out;
    }

    private static List<AttackRun> runs(List<Provenance> provenance) {
        if (provenance.isEmpty()) {
            return List.of();
        }
        List<AttackRun> first = provenance.get(0).attacks();
        List<AttackRun> out = new ArrayList<>(first.size());
        for (int a = 0; a < first.size(); a++) {
            List<Long> seeds = new ArrayList<>();
            for (Provenance p : provenance) {
                if (a < p.attacks().size()) {
                    seeds.addAll(p.attacks().get(a).seeds());
                }
            }
            AttackRun r = first.get(a);
            out.add(new AttackRun(r.attack(), r.norm(), r.kind(), r.epsilons(), r.parameters(), r.reference(),
                    List.copyOf(seeds)));
        }
        return out;
    }

    private AttackSummaryAggregator() {
    }
}
