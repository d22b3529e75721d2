package org.thermosgd.fp.solver;

/**
 * A uniform grid of n cells on [lo, hi]: cell i is centred at lo + (i + 1/2) h, h = (hi - lo) / n. A periodic grid
 * identifies hi with lo: cell n - 1 and cell 0 are neighbours across that face (period hi - lo); otherwise the two
 * ends are reflecting (zero-flux) walls.
 */
public record Grid(double lo, double hi, int cells, boolean periodic) {
    public Grid {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("grid [" + lo + ", " + hi + "] must have lo < hi");
        }
        if (cells < 8) {
            throw new IllegalArgumentException("grid of " + cells + " cells is too small (need >= 8)");
        }
    }

    /** A grid with reflecting ends. */
    public Grid(double lo, double hi, int cells) {
        this(lo, hi, cells, false);
    }

    /** A periodic grid of period hi - lo. */
    public static Grid periodic(double lo, double hi, int cells) {
        return new Grid(lo, hi, cells, true);
    }

    public double h() {
        return (hi - lo) / cells;
    }

    public double centre(int i) {
        return lo + (i + 0.5) * h();
    }

    /** The interface between cells i and i + 1 (for i = n - 1 on a periodic grid: the face at hi, i.e. lo). */
    public double face(int i) {
        return lo + (i + 1) * h();
    }

    /**
     * Position of cell i in the state ordering along this axis: i itself, or on a periodic grid the folded order
     * 0, n-1, 1, n-2, ..., which keeps every pair of neighbours (including n - 1 and 0) at most 2 positions apart,
     * so the generator stays banded.
     */
    int position(int i) {
        if (!periodic) {
            return i;
        }
        return i < (cells + 1) / 2 ? 2 * i : 2 * (cells - 1 - i) + 1;
    }

    /** The cell at a position of the state ordering (inverse of {@link #position}). */
    int cellAt(int position) {
        if (!periodic) {
            return position;
        }
        return position % 2 == 0 ? position / 2 : cells - 1 - (position - 1) / 2;
    }

    /** How far apart neighbouring cells can be in the state ordering: 1, or 2 on a periodic grid. */
    int reach() {
        return periodic ? 2 : 1;
    }
}
