package dev.cusp.core.singularity.input;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For a batch of logits [n,c] and Jacobians [n,c,d] and one anchor class a_i per example, the pairwise
 * boundary geometry against every class k in one batched pass: gaps f_a − f_k and normals ∇f_a − ∇f_k with
 * their L2 norms, so that r_k = gap/‖normal‖ is the linearised distance to the a|k boundary.
 */
final class ClassDifferences {

    final double[][] logits;
    final double[][] gaps;
    final double[][] normalNorms;
    /** ∇f_a − ∇f_k, [n,c,d] (row k = a is zero). */
    final INDArray normals;
    final int n;
    final int c;
    final int d;

    private ClassDifferences(INDArray logits, INDArray jacobians, int[] anchor) {
        INDArray f = logits.castTo(DataType.DOUBLE);
        INDArray jac = jacobians.castTo(DataType.DOUBLE);
        n = (int) f.rows();
        c = (int) f.columns();
        d = (int) jac.size(2);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i * c + anchor[i];
        }
        INDArray anchorGrad = Nd4j.pullRows(jac.reshape(n * c, d), 1, rows).reshape(n, 1, d).repeat(1, c);
        normals = anchorGrad.subi(jac);
        normalNorms = normals.norm2(2).toDoubleMatrix();
        this.logits = f.toDoubleMatrix();
        gaps = new double[n][c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                gaps[i][k] = this.logits[i][anchor[i]] - this.logits[i][k];
            }
        }
    }

    static ClassDifferences of(INDArray logits, INDArray jacobians, int[] anchor) {
        if (logits.rank() != 2 || jacobians.rank() != 3 || jacobians.size(0) != logits.size(0)
                || jacobians.size(1) != logits.size(1) || anchor.length != logits.size(0)) {
            throw new IllegalArgumentException("need logits [n,c], Jacobians [n,c,d] and n anchor classes, got "
                    + java.util.Arrays.toString(logits.shape()) + ", " + java.util.Arrays.toString(jacobians.shape())
                    + " and " + anchor.length);
        }
        return new ClassDifferences(logits, jacobians, anchor);
    }

    /** The top class of every row (lowest index on ties, as argmax). */
    static int[] argmax(INDArray logits) {
        return Nd4j.argMax(logits, 1).toIntVector();
    }

    /** Linearised distance to the anchor|k boundary (+∞ for a zero normal with a non-zero gap, 0 on a tie). */
    double distance(int i, int k) {
        double norm = normalNorms[i][k];
        return norm > 0 ? gaps[i][k] / norm : (gaps[i][k] == 0 ? 0 : Double.POSITIVE_INFINITY);
    }

    /** cos∠ between the normals of classes k1 and k2 for every example, batched. */
    double[] cosines(int[] k1, int[] k2) {
        int[] r1 = new int[n];
        int[] r2 = new int[n];
        for (int i = 0; i < n; i++) {
            r1[i] = i * c + Math.max(k1[i], 0);
            r2[i] = i * c + Math.max(k2[i], 0);
        }
        INDArray flat = normals.reshape(n * c, d);
        INDArray a = Nd4j.pullRows(flat, 1, r1);
        INDArray b = Nd4j.pullRows(flat, 1, r2);
        INDArray cos = a.mul(b).sum(1).divi(a.norm2(1).muli(b.norm2(1)));
        return cos.toDoubleVector();
    }
}
