package org.thermosgd.fp.diffusion;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How the diffusion statistics of N per-sample gradients are computed: {@link #FACTORED} (dense networks: the N x N
 * Gram matrix from each layer's inputs and errors, never the N x n gradients), {@link #GRAM} (the N x N Gram matrix
 * of the gradients), {@link #SKETCHED} (randomised products, for N beyond the Gram limit or files larger than memory),
 * or {@link #AUTO} (the cheapest exact route the data allow). Spelled in lower case on the command line and in
 * results.
 */
public enum DiffusionRoute {
    AUTO, FACTORED, GRAM, SKETCHED;

    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The route named {@code s}; a one-line refusal naming {@code --route} and the routes otherwise. */
    public static DiffusionRoute parse(String s) {
        for (DiffusionRoute r : values()) {
            if (r.id().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--route '" + s + "' must be " + String.join(", ",
                Arrays.stream(values()).limit(values().length - 1).map(DiffusionRoute::id).toList()) + " or "
                + values()[values().length - 1].id());
    }

    @Override
    public String toString() {
        return id();
    }
}
