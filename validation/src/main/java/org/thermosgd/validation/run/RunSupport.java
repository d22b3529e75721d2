package org.thermosgd.validation.run;

import java.nio.file.Path;
import java.util.Map;
import org.thermosgd.run.GitInfo;
import org.thermosgd.run.Provenance;

/** Where this build came from. */
public final class RunSupport {
    private RunSupport() {
    }

    /** The source tree this build came from (set by the {@code thermosgd} launcher), else the working folder. */
    public static Path sourceDir() {
        return Path.of(System.getProperty("thermosgd.source", "."));
    }

    /** What {@code thermosgd --version} prints: thermosgd with its git commit, the Java runtime, the libraries. */
    public static String[] versionLines() {
        Map<String, String> libs = Provenance.libraryVersions();
        GitInfo git = GitInfo.detect(sourceDir());
        return new String[] {
                "thermosgd " + libs.getOrDefault("thermosgd", "unknown") + " (git " + git.commit()
                        + (Boolean.TRUE.equals(git.dirty()) ? ", uncommitted changes" : "") + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "libraries: " + libs};
    }
}
