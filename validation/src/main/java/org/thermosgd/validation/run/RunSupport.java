package org.thermosgd.validation.run;

import java.nio.file.Path;

/** Where this build came from. */
public final class RunSupport {
    private RunSupport() {
    }

    /** The source tree this build came from (set by the {@code thermosgd} launcher), else the working folder. */
    public static Path sourceDir() {
        return Path.of(System.getProperty("thermosgd.source", "."));
    }
}
