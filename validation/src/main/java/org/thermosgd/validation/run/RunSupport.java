package org.thermosgd.validation.run;

import java.nio.file.Path;

/** Where this build came from, and errors as the one line the command line prints. */
public final class RunSupport {
    private RunSupport() {
    }

    /** An exception's message on one line (its class name when it has none). */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** The source tree this build came from (set by the {@code thermosgd} launcher), else the working folder. */
    public static Path sourceDir() {
        return Path.of(System.getProperty("thermosgd.source", "."));
    }
}
