package org.thermosgd.run;

/** Life cycle of a run directory, as recorded in {@code provenance.json}. Only {@code COMPLETED} means finished. */
public enum RunStatus {
    /** Started and not yet ended; a run killed without warning keeps this status. */
    RUNNING,
    COMPLETED,
    FAILED,
    /** Stopped by a signal or shutdown before it ended; it can be resumed where the command supports it. */
    INTERRUPTED
}
