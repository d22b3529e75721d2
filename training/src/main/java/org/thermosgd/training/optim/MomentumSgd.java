package org.thermosgd.training.optim;

import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.sde.sgd.UpdateForm;

/**
 * Momentum SGD on the flat parameter vector in one of the four {@link UpdateForm}s, with the step factor s (one
 * scalar per iteration for every parameter) and PyTorch-coupled weight decay (g += w x before the update). The state
 * is the velocity v (paper forms) or the momentum buffer b (torch forms), zero at the start.
 */
public final class MomentumSgd {
    private final UpdateForm form;
    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final INDArray state;
    private final Level1 blas;

    private MomentumSgd(UpdateForm form, double lr, double momentum, double weightDecay, INDArray state) {
        this.form = form;
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.state = state;
        this.blas = Nd4j.getBlasWrapper().level1();
    }

    public static MomentumSgd of(UpdateForm form, double lr, double momentum, double weightDecay, long parameters) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr " + lr + " must be finite and > 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay " + weightDecay + " must be >= 0");
        }
        return new MomentumSgd(form, lr, momentum, weightDecay, Nd4j.create(DataType.FLOAT, parameters));
    }

    public UpdateForm form() {
        return form;
    }

    /** The velocity (paper forms) or momentum buffer (torch forms). */
    public INDArray state() {
        return state;
    }

    public void restoreState(float[] values) {
        if (values.length != state.length()) {
            throw new IllegalArgumentException("optimiser state has " + values.length + " entries, expected "
                    + state.length());
        }
        state.assign(Nd4j.createFromArray(values));
    }

    /**
     * One update of {@code params} in place; {@code grad} is modified (weight decay is added to it). Returns the
     * effective learning rate lr x s of this step [1], the one the torch forms scale the gradient by.
     */
    public double step(INDArray params, INDArray grad, double s) {
        long n = params.length();
        if (weightDecay != 0) {
            blas.axpy(n, weightDecay, params, grad);
        }
        double mu = momentum;
        double lrs = lr * s;
        switch (form) {
            case PAPER -> {
                state.muli(mu);
                blas.axpy(n, -s, grad, state);
                blas.axpy(n, lr, state, params);
            }
            case PAPER_NESTEROV -> {
                state.muli(mu);
                blas.axpy(n, -s, grad, state);
                blas.axpy(n, lr * mu, state, params);
                blas.axpy(n, -lrs, grad, params);
            }
            case TORCH -> {
                state.muli(mu);
                blas.axpy(n, 1.0, grad, state);
                blas.axpy(n, -lrs, state, params);
            }
            case TORCH_NESTEROV -> {
                state.muli(mu);
                blas.axpy(n, 1.0, grad, state);
                blas.axpy(n, -lrs, grad, params);
                blas.axpy(n, -lrs * mu, state, params);
            }
            default -> throw new IllegalStateException(form.id());
        }
        return lrs;
    }

    /** Sum of squares of the velocity / buffer. */
    public double stateSquaredNorm() {
        return blas.dot(state.length(), 1.0, state, state);
    }
}
