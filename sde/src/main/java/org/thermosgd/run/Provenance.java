package org.thermosgd.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a run came from: code version, machine, seed, timing and how it ended. Times are ISO-8601 UTC.
 *
 * @param threads the thread count the run was configured to use (not the machine's core count)
 */
public record Provenance(
        String thermosgdVersion,
        String gitCommit,
        Boolean gitDirty,
        String javaVersion,
        String javaVendor,
        Map<String, String> libraries,
        String host,
        int availableProcessors,
        int threads,
        Long seed,
        List<String> command,
        String startTime,
        String endTime,
        RunStatus status,
        String message) {

    /** Provenance of a run starting now in this JVM, from the source tree at {@code sourceDir}. */
    public static Provenance start(Path sourceDir, int threads, Long seed, List<String> command) {
        Map<String, String> libs = libraryVersions();
        GitInfo git = GitInfo.detect(sourceDir);
        return new Provenance(libs.getOrDefault("thermosgd", "unknown"), git.commit(), git.dirty(),
                System.getProperty("java.version"), System.getProperty("java.vendor"), libs, hostName(),
                Runtime.getRuntime().availableProcessors(), threads, seed, List.copyOf(command),
                Instant.now().toString(), null, RunStatus.RUNNING, null);
    }

    public Provenance end(RunStatus newStatus, String newMessage) {
        return new Provenance(thermosgdVersion, gitCommit, gitDirty, javaVersion, javaVendor, libraries, host,
                availableProcessors, threads, seed, command, startTime, Instant.now().toString(), newStatus,
                newMessage);
    }

    /** Versions of thermosgd and the libraries it was built against, as pinned in the parent pom. */
    public static Map<String, String> libraryVersions() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
