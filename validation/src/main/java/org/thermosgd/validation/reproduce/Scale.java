package org.thermosgd.validation.reproduce;

import java.util.Locale;

/**
 * How large an experiment runs: {@link #PAPER} (the paper's settings in full), {@link #QUICK} (every setting that
 * defines the experiment, fewer epochs, images or steps: minutes) or {@link #TEST} (seconds; the test suite only, never
 * on the command line). Each experiment's sizes per scale are in one table, {@link Presets}.
 */
public enum Scale {
    TEST, QUICK, PAPER;

    /** The command line's spelling: quick or paper. */
    public static Scale parse(String s) {
        if ("quick".equals(s)) {
            return QUICK;
        }
        if ("paper".equals(s)) {
            return PAPER;
        }
        throw new IllegalArgumentException("--scale '" + s + "' must be quick or paper");
    }

    /** Lower case, as manifests and config files record it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scale a folder records: a test run is a shrunken quick run. */
    public String recorded() {
        return this == PAPER ? PAPER.id() : QUICK.id();
    }

    /** This scale's entry of a table row {test, quick, paper}. */
    public <T> T of(T test, T quick, T paper) {
        return switch (this) {
            case TEST -> test;
            case QUICK -> quick;
            case PAPER -> paper;
        };
    }
}
