package dev.cusp.core.attack;

import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.gradient.Bim;
import dev.cusp.core.attack.gradient.MiFgsm;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.attack.minimal.EpsilonSearch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OrderingProbeTest {
    @Test
    void probe() {
        long t0 = System.nanoTime();
        TrainedModels.Fixture f = TrainedModels.fashionMlp();
        System.out.printf("PROBE train %.1fs acc %.3f%n", (System.nanoTime() - t0) / 1e9, f.testAccuracy());
        Misclassification crit = new Misclassification(f.test().labels());
        for (double eps : new double[] {}) {
            AttackRequest req = AttackRequest.of(f.test().features(), crit, eps).withSeed(1);
            for (Attack a : new Attack[] {Fgm.linf(), Bim.defaults(), MiFgsm.linf(), Pgd.linf(), new Pgd(new Pgd.Params(Norm.LINF, 40, 1.0/30, false)), new Pgd(new Pgd.Params(Norm.LINF, 100, 0.1, true))}) {
                long t = System.nanoTime();
                AttackResult r = a.run(f.model(), req);
                System.out.printf("PROBE eps %.3f %s acc %.3f time %.2fs grads %d%n", eps, a.name(), r.robustAccuracy(), (System.nanoTime() - t) / 1e9, r.totalGradientEvaluations());
            }
        }
        int[] sub = java.util.stream.IntStream.range(0, 20).toArray();
        AttackRequest un = AttackRequest.unbounded(f.test().features(), crit).select(sub);
        AttackResult df = DeepFool.l2().run(f.model(), un);
        for (int steps : new int[] {100, 300}) {
            long t = System.nanoTime();
            AttackResult cw = new CarliniWagnerL2(CarliniWagnerL2.Params.DEFAULTS.withSteps(9, steps)).run(f.model(), un);
            System.out.printf("PROBE cw %d time %.1fs%n", steps, (System.nanoTime() - t) / 1e9);
            for (int i = 0; i < 20; i++) {
                System.out.printf("PROBE %d df %.4f cw %.4f it %d cls %d/%d%n", i, df.example(i).l2(), cw.example(i).l2(), cw.example(i).iterations(), df.example(i).adversarialClass(), cw.example(i).adversarialClass());
            }
        }
        for (Attack a : new Attack[] {
                new EpsilonSearch(Fgm.l2(), 10, 12), DeepFool.linf(), new EpsilonSearch(Fgm.linf(), 1, 12)}) {
            long t = System.nanoTime();
            AttackResult r = a.run(f.model(), un);
            double[] d = Arrays.stream(r.examples().toArray(new ExampleResult[0])).filter(e -> e.adversarial() && e.l0() > 0).mapToDouble(e -> e.distance(a.norm())).sorted().toArray();
            System.out.printf("PROBE %s %s succ %d median %.4f mean %.4f time %.2fs grads %d%n", a.name(), a.norm(), r.successes(), d[d.length / 2], Arrays.stream(d).average().orElse(0), (System.nanoTime() - t) / 1e9, r.totalGradientEvaluations());
        }
    }
}
