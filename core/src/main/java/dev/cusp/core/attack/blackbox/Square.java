package dev.cusp.core.attack.blackbox;

import dev.cusp.core.attack.Active;
import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.loss.CrossEntropy;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Square attack (Andriushchenko et al. 2020), score-based, L∞ and L2: random search that changes one square
 * window per query — L∞: the window's perturbation is reset to ±ε per channel; L2: mass moves from a second
 * window into the first with the paper's centred pattern — accepted when the margin loss (targeted:
 * cross-entropy to the target) decreases. As in AutoAttack's implementation, every query of a batch shares the
 * window position and, for L∞, the sign; the window side follows the schedule of p (halved at 10, 50, 200,
 * 500, 1000, 2000, 4000, 6000, 8000 of 10,000 queries, rescaled to the budget). Uses only logits.
 */
public final class Square implements Attack {

    /** Queries per example and the initial fraction p of features changed; AutoAttack's values: 5,000 and 0.8. */
    public record Params(Norm norm, int queries, double pInit) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("Square supports linf and l2, got " + norm);
            }
            if (queries < 1 || !(pInit > 0 && pInit <= 1)) {
                throw new IllegalArgumentException("Square needs queries >= 1 and 0 < p_init <= 1, got " + queries
                        + ", " + pInit);
            }
        }

        public static Params defaults(Norm norm) {
            return new Params(norm, 5_000, 0.8);
        }

        public Params withQueries(int newQueries) {
            return new Params(norm, newQueries, pInit);
        }
    }

    private static final int[] SCHEDULE = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};

    private final Params params;
    private final Map<Integer, INDArray> patterns = new HashMap<>();

    public Square(Params params) {
        this.params = params;
    }

    public static Square defaults(Norm norm) {
        return new Square(Params.defaults(norm));
    }

    @Override
    public String name() {
        return "square";
    }

    @Override
    public Norm norm() {
        return params.norm();
    }

    @Override
    public boolean minimizesNorm() {
        return false;
    }

    @Override
    public Params parameters() {
        return params;
    }

    /** p at query i of n: p_init halved at each schedule point passed (on the 10,000-query scale). */
    public static double p(double pInit, int i, int n) {
        int it = (int) ((double) i / n * 10_000);
        double p = pInit;
        for (int point : SCHEDULE) {
            if (it > point) {
                p /= 2;
            }
        }
        return p;
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        request.requireFiniteEpsilons(name());
        ImageShape shape = ImageShape.of(model.inputShape(), model.inputSize());
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        INDArray inputs = request.inputs();
        DataType type = inputs.dataType();
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(request.seed());
        boolean[] clean = request.criterion().isAdversarial(counting.logits(inputs, IntStream.range(0, n).toArray()));
        INDArray adversarial = inputs.dup();
        int[] iterations = new int[n];
        Active active = new Active(Tensors.where(clean, false));
        if (active.isEmpty()) {
            return Outcomes.of(name(), norm(), model, request, adversarial, iterations, counting);
        }
        int m = active.size();
        INDArray x = Tensors.rows(inputs, active.ids());
        INDArray eps = Tensors.column(Tensors.pick(request.epsilons(), active.ids()), type);
        Criterion criterion = request.criterion().select(active.ids());
        INDArray best = request.bounds().clipi(params.norm() == Norm.LINF
                ? x.add(stripes(rng, m, shape, type).muliColumnVector(eps))
                : x.add(Norm.L2.unitDirection(tiles(rng, m, shape, type)).muliColumnVector(eps)));
        INDArray[] score = score(counting.logits(best, active.ids()), criterion);
        INDArray margin = score[0];
        INDArray loss = score[1];
        for (int i = 0; i < params.queries() && !active.isEmpty(); i++) {
            boolean[] broken = Tensors.flags(margin.lte(0.0).castTo(type));
            Tensors.putRows(adversarial, active.idsOf(broken), Tensors.rows(best, Tensors.where(broken, true)));
            int[] keep = active.retire(broken);
            if (active.isEmpty()) {
                break;
            }
            if (keep.length < broken.length) {
                x = Tensors.rows(x, keep);
                eps = Tensors.rows(eps, keep);
                best = Tensors.rows(best, keep);
                margin = Tensors.rows(margin, keep);
                loss = Tensors.rows(loss, keep);
                criterion = criterion.select(keep);
            }
            double p = p(params.pInit(), i, params.queries());
            INDArray candidate = params.norm() == Norm.LINF
                    ? linfProposal(rng, x, best, eps, shape, p)
                    : l2Proposal(rng, x, best, eps, shape, p);
            request.bounds().clipi(candidate);
            INDArray[] next = score(counting.logits(candidate, active.ids()), criterion);
            INDArray improved = next[1].lt(loss).castTo(type);
            loss = blend(improved, next[1], loss);
            improved = Transforms.max(improved, next[0].lte(0.0).castTo(type), false);
            margin = blend(improved, next[0], margin);
            best = blend(improved, candidate, best);
            for (int id : active.ids()) {
                iterations[id]++;
            }
        }
        Tensors.putRows(adversarial, active.ids(), best);
        return Outcomes.of(name(), norm(), model, request, adversarial, iterations, counting);
    }

    /** Margin (≤ 0: adversarial) and the loss Square minimises: the margin, or CE to the target when targeted. */
    private static INDArray[] score(INDArray logits, Criterion criterion) {
        INDArray margin = criterion.margin(logits);
        INDArray loss = criterion.targeted() ? CrossEntropy.INSTANCE.value(logits, criterion).negi() : margin;
        return new INDArray[] {margin, loss};
    }

    private static INDArray blend(INDArray mask, INDArray a, INDArray b) {
        return a.mulColumnVector(mask).addi(b.mulColumnVector(mask.rsub(1.0)));
    }

    /** L∞ start: vertical stripes, ±1 per (example, channel, column). */
    private static INDArray stripes(Random rng, int m, ImageShape shape, DataType type) {
        INDArray signs = sign(rng, new long[] {m, shape.channels(), 1, shape.width()}, type);
        return signs.repeat(2, shape.height()).reshape(m, shape.features());
    }

    private static INDArray sign(Random rng, long[] dims, DataType type) {
        return Transforms.sign(Nd4j.rand(rng, dims).castTo(type).muli(2).subi(1), false);
    }

    private static int uniformInt(Random rng, int bound) {
        return bound <= 0 ? 0 : (int) Math.floor(rng.nextDouble() * bound);
    }

    /** L∞ step: one shared window set to ±ε per channel (shared sign), projected back into the ε-ball. */
    private INDArray linfProposal(Random rng, INDArray x, INDArray best, INDArray eps, ImageShape shape, double p) {
        int s = Math.min(Math.max((int) Math.round(Math.sqrt(p * shape.features() / shape.channels())), 1),
                Math.min(shape.height(), shape.width()));
        int vh = uniformInt(rng, shape.height() - s);
        int vw = uniformInt(rng, shape.width() - s);
        INDArray window = Nd4j.zeros(x.dataType(), 1, shape.channels(), shape.height(), shape.width());
        INDArray signs = sign(rng, new long[] {1, shape.channels(), 1, 1}, x.dataType()).muli(2.0);
        window.get(all(), all(), NDArrayIndex.interval(vh, vh + s), NDArrayIndex.interval(vw, vw + s))
                .assign(signs.repeat(2, s).repeat(3, s));
        INDArray step = window.reshape(1, shape.features()).repeat(0, x.rows()).muliColumnVector(eps);
        return Norm.LINF.clipToBall(best.add(step), x, eps);
    }

    /** L2 step (AutoAttack's): move window 2's perturbation into window 1 with a fresh centred pattern. */
    private INDArray l2Proposal(Random rng, INDArray x, INDArray best, INDArray eps, ImageShape shape, double p) {
        int m = (int) x.rows();
        int c = shape.channels();
        int s = Math.max((int) Math.round(Math.sqrt(p * shape.features() / c)), 3);
        if (s % 2 == 0) {
            s++;
        }
        s = Math.min(s, Math.min(shape.height(), shape.width()));
        int vh = uniformInt(rng, shape.height() - s);
        int vw = uniformInt(rng, shape.width() - s);
        int vh2 = uniformInt(rng, shape.height() - s);
        int vw2 = uniformInt(rng, shape.width() - s);
        INDArray delta = best.sub(x).reshape(m, c, shape.height(), shape.width());
        INDArrayIndex[] w1 = {all(), all(), NDArrayIndex.interval(vh, vh + s), NDArrayIndex.interval(vw, vw + s)};
        INDArrayIndex[] w2 = {all(), all(), NDArrayIndex.interval(vh2, vh2 + s), NDArrayIndex.interval(vw2, vw2 + s)};
        INDArray normWindow1 = windowNorms(delta.get(w1).dup());
        INDArray union = Nd4j.zeros(x.dataType(), 1, 1, shape.height(), shape.width());
        union.get(w1[0], w1[1], w1[2], w1[3]).assign(1.0);
        union.get(w2[0], w2[1], w2[2], w2[3]).assign(1.0);
        INDArray normWindows = windowNorms(delta.mul(union.broadcast(delta.shape())));
        INDArray normImage = Norm.L2.of(best.sub(x));
        INDArray fresh = pattern(rng, s, x.dataType()).reshape(1, 1, s, s).broadcast(m, c, s, s)
                .mul(sign(rng, new long[] {m, c, 1, 1}, x.dataType()).repeat(2, s).repeat(3, s));
        fresh.addi(delta.get(w1).div(normWindow1.add(1e-12).repeat(2, s).repeat(3, s)));
        INDArray freshNorm = windowNorms(fresh).addi(1e-12);
        INDArray room = Transforms.max(eps.mul(eps).subi(normImage.mul(normImage)), 0.0, false).divi(c);
        INDArray target = Transforms.sqrt(normWindows.mul(normWindows).addi(room.reshape(m, 1, 1, 1)
                .repeat(1, c)), false);
        fresh.muli(target.div(freshNorm).repeat(2, s).repeat(3, s));
        delta.get(w2).assign(0.0);
        delta.get(w1).assign(fresh);
        INDArray flat = delta.reshape(m, shape.features());
        return x.add(Norm.L2.unitDirection(flat).muliColumnVector(eps));
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    /** L2 norm over the last two axes, kept as [m,c,1,1]. */
    private static INDArray windowNorms(INDArray a) {
        long m = a.size(0);
        long c = a.size(1);
        return a.reshape(m, c, a.size(2) * a.size(3)).norm2(2).reshape(m, c, 1, 1);
    }

    /** L2 start: a 5×5 grid of tiles of side ⌊h/5⌋, each the centred pattern with a random sign per channel. */
    private INDArray tiles(Random rng, int m, ImageShape shape, DataType type) {
        int h = shape.height();
        int s = h / 5;
        if (s < 1) {
            throw new IllegalArgumentException("L2 Square needs inputs at least 5 high, got " + h);
        }
        INDArray delta = Nd4j.zeros(type, m, shape.channels(), h, shape.width());
        int start = (h - 5 * s) / 2;
        for (int vh = start; vh + s <= h && vh < start + (h / s) * s; vh += s) {
            for (int vw = start; vw + s <= shape.width() && vw < start + (shape.width() / s) * s; vw += s) {
                INDArray tile = pattern(rng, s, type).reshape(1, 1, s, s).broadcast(m, shape.channels(), s, s)
                        .mul(sign(rng, new long[] {m, shape.channels(), 1, 1}, type).repeat(2, s).repeat(3, s));
                delta.get(all(), all(), NDArrayIndex.interval(vh, vh + s), NDArrayIndex.interval(vw, vw + s))
                        .addi(tile);
            }
        }
        return delta.reshape(m, shape.features());
    }

    /** The paper's centred pattern of side s: two halves of nested rectangles 1/(k+1)², opposite signs. */
    private INDArray pattern(Random rng, int s, DataType type) {
        INDArray base = patterns.computeIfAbsent(s, Square::centredPattern).castTo(type);
        return rng.nextDouble() > 0.5 ? base.transpose().dup() : base.dup();
    }

    private static INDArray centredPattern(int s) {
        double[][] out = new double[s][s];
        double[][] top = rectangles(s / 2, s);
        double[][] bottom = rectangles(s - s / 2, s);
        for (int i = 0; i < s / 2; i++) {
            out[i] = top[i];
        }
        for (int i = 0; i < s - s / 2; i++) {
            for (int j = 0; j < s; j++) {
                out[s / 2 + i][j] = -bottom[i][j];
            }
        }
        INDArray pattern = Nd4j.createFromArray(out);
        return pattern.divi(pattern.norm2Number());
    }

    /** Nested rectangles around the centre of an x × y block, weight 1/(k+1)², normalised in L2. */
    private static double[][] rectangles(int x, int y) {
        double[][] delta = new double[x][y];
        if (x == 0) {
            return delta;
        }
        int cx = x / 2 + 1;
        int cy = y / 2 + 1;
        int r0 = cx - 1;
        int c0 = cy - 1;
        for (int k = 0; k < Math.max(cx, cy); k++) {
            for (int i = Math.max(r0, 0); i < Math.min(r0 + 2 * k + 1, x); i++) {
                for (int j = Math.max(c0, 0); j < Math.min(c0 + 2 * k + 1, y); j++) {
                    delta[i][j] += 1.0 / ((k + 1) * (k + 1));
                }
            }
            r0--;
            c0--;
        }
        double norm = 0;
        for (double[] row : delta) {
            for (double v : row) {
                norm += v * v;
            }
        }
        norm = Math.sqrt(norm);
        for (double[] row : delta) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= norm;
            }
        }
        return delta;
    }
}
