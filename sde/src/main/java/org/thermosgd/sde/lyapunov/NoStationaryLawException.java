package org.thermosgd.sde.lyapunov;

/** The dynamics are unstable (or marginally stable), so no stationary law exists; the message says why. */
public final class NoStationaryLawException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NoStationaryLawException(String message) {
        super(message);
    }
}
