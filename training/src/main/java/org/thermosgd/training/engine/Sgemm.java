package org.thermosgd.training.engine;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import org.bytedeco.javacpp.FloatPointer;

/**
 * oneDNN's float32 GEMM on row-major matrices at native addresses: C = alpha op(A) op(B) + beta C with C [M, N],
 * op(A) [M, K], op(B) [K, N]; {@code lda}, {@code ldb}, {@code ldc} are the stored row lengths (elements).
 */
public final class Sgemm {
    private Sgemm() {
    }

    public static void rowMajor(boolean transA, boolean transB, long m, long n, long k, float alpha, long a, long lda,
                                long b, long ldb, float beta, long c, long ldc) {
        int status = dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha, at(a),
                lda, at(b), ldb, beta, at(c), ldc);
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm " + m + "x" + n + "x" + k + " failed (status " + status
                    + ")");
        }
    }

    private static FloatPointer at(long where) {
        return new FloatPointer(Dnnl.at(where));
    }
}
