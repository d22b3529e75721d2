package org.thermosgd.fp.diffusion;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bulk copies between Java arrays (columns as double[][]) and float32 ND4J matrices. */
final class Nd4jArrays {
    private Nd4jArrays() {
    }

    /** l columns of length {@code rows} as a rows x l float matrix (column-major). */
    static INDArray fromColumns(double[][] cols, int rows) {
        float[] f = new float[rows * cols.length];
        for (int c = 0; c < cols.length; c++) {
            for (int r = 0; r < rows; r++) {
                f[c * rows + r] = (float) cols[c][r];
            }
        }
        return Nd4j.create(f, new long[] {rows, cols.length}, 'f');
    }

    /** The l columns of a rows x l matrix. */
    static double[][] toColumns(INDArray m, int cols, int rows) {
        INDArray f = m.ordering() == 'f' && !m.isView() ? m : m.dup('f');
        float[] all = toArray(f, rows * cols);
        if (f != m) {
            f.close();
        }
        double[][] out = new double[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out[c][r] = all[c * rows + r];
            }
        }
        return out;
    }

    /** The first {@code length} elements in storage order, copied out of ND4J's memory. */
    static float[] toArray(INDArray m, int length) {
        INDArray x = m.isView() ? m.dup(m.ordering()) : m;
        if (x.dataType() != DataType.FLOAT) {
            x = x.castTo(DataType.FLOAT);
        }
        float[] out = new float[length];
        FloatBuffer buf = x.data().asNioFloat();
        buf.position(0);
        buf.get(out, 0, length);
        // the NIO view does not keep the off-heap array alive; without this fence it can be freed mid-copy
        java.lang.ref.Reference.reachabilityFence(x);
        java.lang.ref.Reference.reachabilityFence(m);
        if (x != m) {
            x.close();
        }
        return out;
    }
}
