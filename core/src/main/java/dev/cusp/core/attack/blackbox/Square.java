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
import dev.cusp.core.linalg.SeededRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
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
        Random rng = SeededRandom.of(request.seed());
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

    /** Row-wise choice: rows of {@code a} where {@code mask} is 1, of {@code b} elsewhere. */
    private static INDArray blend(INDArray mask, INDArray a, INDArray b) {
        return a.sub(b).muliColumnVector(mask).addi(b);
    }

    /*
     * Layout: a batch [m, c·h·w] is viewed as [m·c, h·w] (row = example × channel, c-order), so a square window
     * is one flat 0/1 row over h·w and per-(example, channel) quantities are columns.
     */

    /** A flat [1, h·w] row that is {@code values} (s×s) inside the window at (vh, vw) and 0 elsewhere. */
    private static INDArray placed(ImageShape shape, int vh, int vw, INDArray values, DataType type) {
        INDArray plane = Nd4j.zeros(type, shape.height(), shape.width());
        plane.get(NDArrayIndex.interval(vh, vh + values.rows()), NDArrayIndex.interval(vw, vw + values.columns()))
                .assign(values);
        return plane.reshape(1, (long) shape.height() * shape.width());
    }

    /** Per-row ±1 column [rows,1]. */
    private static INDArray sign(Random rng, long rows, DataType type) {
        return Transforms.sign(Nd4j.rand(rng, rows, 1).castTo(type).muli(2).subi(1), false);
    }

    /** Each example's column repeated once per channel: [m,1] → [m·c,1]. */
    private static INDArray perChannel(INDArray column, int channels) {
        if (channels == 1) {
            return column;
        }
        int m = (int) column.rows();
        int[] rows = new int[m * channels];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / channels;
        }
        return Tensors.rows(column, rows);
    }

    /** L∞ start: vertical stripes, ±1 per (example, channel, column). */
    private static INDArray stripes(Random rng, int m, ImageShape shape, DataType type) {
        INDArray signs = Transforms.sign(Nd4j.rand(rng, (long) m * shape.channels(), shape.width()).castTo(type)
                .muli(2).subi(1), false);
        INDArray[] rows = new INDArray[shape.height()];
        java.util.Arrays.fill(rows, signs);
        return Nd4j.hstack(rows).reshape(m, shape.features());
    }

    private static int uniformInt(Random rng, int bound) {
        return bound <= 0 ? 0 : (int) Math.floor(rng.nextDouble() * bound);
    }

    /** L∞ step: one shared window shifted by 2ε times a shared sign per channel, clipped back into the ε-ball. */
    private INDArray linfProposal(Random rng, INDArray x, INDArray best, INDArray eps, ImageShape shape, double p) {
        int c = shape.channels();
        int s = Math.min(Math.max((int) Math.round(Math.sqrt(p * shape.features() / c)), 1),
                Math.min(shape.height(), shape.width()));
        int vh = uniformInt(rng, shape.height() - s);
        int vw = uniformInt(rng, shape.width() - s);
        DataType type = x.dataType();
        INDArray window = placed(shape, vh, vw, Nd4j.ones(type, s, s), type);
        INDArray channelSigns = sign(rng, c, type);
        int m = (int) x.rows();
        int[] channelOfRow = new int[m * c];
        for (int i = 0; i < channelOfRow.length; i++) {
            channelOfRow[i] = i % c;
        }
        INDArray scale = perChannel(eps, c).mul(Tensors.rows(channelSigns, channelOfRow)).muli(2.0);
        INDArray step = scale.mmul(window).reshape(m, shape.features());
        return Norm.LINF.clipToBall(step.addi(best), x, eps);
    }

    /** L2 step (AutoAttack's): move window 2's perturbation into window 1 with a fresh centred pattern. */
    private INDArray l2Proposal(Random rng, INDArray x, INDArray best, INDArray eps, ImageShape shape, double p) {
        int m = (int) x.rows();
        int c = shape.channels();
        DataType type = x.dataType();
        int s = Math.max((int) Math.round(Math.sqrt(p * shape.features() / c)), 3);
        if (s % 2 == 0) {
            s++;
        }
        s = Math.min(s, Math.min(shape.height(), shape.width()));
        int vh = uniformInt(rng, shape.height() - s);
        int vw = uniformInt(rng, shape.width() - s);
        int vh2 = uniformInt(rng, shape.height() - s);
        int vw2 = uniformInt(rng, shape.width() - s);
        INDArray ones = Nd4j.ones(type, s, s);
        INDArray window1 = placed(shape, vh, vw, ones, type);
        INDArray union = Transforms.max(window1, placed(shape, vh2, vw2, ones, type), true);
        long plane = (long) shape.height() * shape.width();
        INDArray delta = best.sub(x).reshape((long) m * c, plane);
        INDArray inWindow1 = delta.mulRowVector(window1);
        INDArray normWindow1 = Norm.L2.of(inWindow1).addi(1e-12);
        INDArray normUnion = Norm.L2.of(delta.mulRowVector(union));
        INDArray normImage = perChannel(Norm.L2.of(best.sub(x)), c);
        INDArray fresh = sign(rng, (long) m * c, type).mmul(placed(shape, vh, vw, pattern(rng, s, type), type));
        fresh.addi(inWindow1.diviColumnVector(normWindow1));
        INDArray room = Transforms.max(perChannel(eps, c).mul(perChannel(eps, c)).subi(normImage.mul(normImage)),
                0.0, false).divi(c);
        INDArray target = Transforms.sqrt(normUnion.mul(normUnion).addi(room), false);
        fresh.muliColumnVector(target.divi(Norm.L2.of(fresh).addi(1e-12)));
        INDArray moved = delta.mulRowVector(union.rsub(1.0)).addi(fresh).reshape(m, shape.features());
        return x.add(Norm.L2.unitDirection(moved).muliColumnVector(eps));
    }

    /**
     * L2 start: a 5×5 grid of tiles of side ⌊h/5⌋, each the centred pattern with a random sign per channel
     * (inputs under 5 high, such as tabular rows laid out 1 × d, get 1×1 tiles wherever they fit).
     */
    private INDArray tiles(Random rng, int m, ImageShape shape, DataType type) {
        int h = shape.height();
        int w = shape.width();
        int s = Math.max(h / 5, 1);
        int c = shape.channels();
        INDArray delta = Nd4j.zeros(type, (long) m * c, (long) h * w);
        int startH = Math.max((h - 5 * s) / 2, 0);
        int startW = Math.max((w - 5 * s) / 2, 0);
        for (int vh = startH; vh + s <= h && vh < startH + (h / s) * s; vh += s) {
            for (int vw = startW; vw + s <= w && vw < startW + (w / s) * s; vw += s) {
                delta.addi(sign(rng, (long) m * c, type).mmul(placed(shape, vh, vw, pattern(rng, s, type), type)));
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
