package org.thermosgd.fp.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-sample gradients of a network made of dense layers, kept as their factors: for layer l with inputs a_i
 * (length in) and back-propagated errors d_i = dloss_i/d(output) (length out) of sample i, the weight gradient is
 * the outer product d_i a_i^T (out x in, row-major as PyTorch's weight[out][in]) and the bias gradient is d_i.
 * Memory O(N (in + out)) per layer instead of O(N n); inner products of two samples' gradients factor as
 * (d_i . d_j)(a_i . a_j + 1) per layer, which is what {@link FactoredAnalysis} uses.
 *
 * @param layers the dense layers; their weight and bias blocks, placed by offset, must tile 0..n
 */
public record FactoredGradients(int samples, List<Layer> layers) {
    /**
     * One dense layer: {@code inputs} N x in and {@code errors} N x out, row-major float32; its weight block
     * (out x in) starts at {@code weightOffset} and its bias block (out) at {@code biasOffset}.
     */
    public record Layer(String weightName, String biasName, int in, int out, int weightOffset, int biasOffset,
                        float[] inputs, float[] errors) {
    }

    public FactoredGradients {
        if (samples < 2) {
            throw new IllegalArgumentException("need at least 2 gradient samples, found " + samples);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("no dense layers");
        }
        for (Layer l : layers) {
            if (l.in() < 1 || l.out() < 1 || l.inputs().length != (long) samples * l.in()
                    || l.errors().length != (long) samples * l.out()) {
                throw new IllegalArgumentException("layer " + l.weightName() + ": inputs " + l.inputs().length
                        + " and errors " + l.errors().length + " values do not form " + samples + " rows of "
                        + l.in() + " and " + l.out());
            }
        }
        layers = List.copyOf(layers);
        blocksOf(layers);
    }

    /** The parameter blocks in offset order; they must tile 0..n without gaps. */
    public List<GradientSet.Block> blocks() {
        return blocksOf(layers);
    }

    private static List<GradientSet.Block> blocksOf(List<Layer> layers) {
        List<GradientSet.Block> b = new ArrayList<>();
        for (Layer l : layers) {
            b.add(new GradientSet.Block(l.weightName(), l.weightOffset(), l.in() * l.out()));
            b.add(new GradientSet.Block(l.biasName(), l.biasOffset(), l.out()));
        }
        b.sort(java.util.Comparator.comparingInt(GradientSet.Block::offset));
        int covered = 0;
        for (GradientSet.Block x : b) {
            if (x.offset() != covered) {
                throw new IllegalArgumentException("parameter blocks must tile the parameter vector; block "
                        + x.name() + " starts at " + x.offset() + ", expected " + covered);
            }
            covered += x.size();
        }
        return b;
    }

    /** Dimension n of the parameter vector. */
    public int dimension() {
        int n = 0;
        for (Layer l : layers) {
            n += l.in() * l.out() + l.out();
        }
        return n;
    }

    /** The gradients as explicit rows (N x n), e.g. to check the factored route against the Gram route. */
    public GradientSet materialise() {
        int n = dimension();
        float[] rows = new float[Math.multiplyExact(samples, n)];
        for (Layer l : layers) {
            for (int i = 0; i < samples; i++) {
                int base = i * n;
                for (int o = 0; o < l.out(); o++) {
                    float d = l.errors()[i * l.out() + o];
                    for (int j = 0; j < l.in(); j++) {
                        rows[base + l.weightOffset() + o * l.in() + j] = d * l.inputs()[i * l.in() + j];
                    }
                    rows[base + l.biasOffset() + o] = d;
                }
            }
        }
        return new GradientSet(rows, samples, n, blocks());
    }
}
