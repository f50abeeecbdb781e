package dev.cusp.core.attack;

/**
 * The examples an iterative attack is still working on: their ids in the request (so costs and results go to
 * the right example) and the positions to keep when some of them finish (to compact the per-example arrays).
 */
public final class Active {

    private int[] ids;

    public Active(int[] ids) {
        this.ids = ids.clone();
    }

    /** Ids of the still-active examples, in the order of the compacted arrays' rows. */
    public int[] ids() {
        return ids;
    }

    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    /** Drops the rows flagged {@code finished}; returns the positions of the rows that stay. */
    public int[] retire(boolean[] finished) {
        int[] keep = Tensors.where(finished, false);
        ids = Tensors.pick(ids, keep);
        return keep;
    }

    /** Ids of the rows flagged true. */
    public int[] idsOf(boolean[] flags) {
        return Tensors.pick(ids, Tensors.where(flags, true));
    }
}
