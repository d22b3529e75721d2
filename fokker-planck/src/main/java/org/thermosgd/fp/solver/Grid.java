package org.thermosgd.fp.solver;

/** A uniform grid of n cells on [lo, hi]: cell i is centred at lo + (i + 1/2) h, h = (hi - lo) / n. */
public record Grid(double lo, double hi, int cells) {
    public Grid {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("grid [" + lo + ", " + hi + "] must have lo < hi");
        }
        if (cells < 8) {
            throw new IllegalArgumentException("grid of " + cells + " cells is too small (need >= 8)");
        }
    }

    public double h() {
        return (hi - lo) / cells;
    }

    public double centre(int i) {
        return lo + (i + 0.5) * h();
    }

    /** The interface between cells i and i + 1. */
    public double face(int i) {
        return lo + (i + 1) * h();
    }
}
