package org.thermosgd.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The git commit of the source tree a run was built from, and whether tracked files had uncommitted changes. */
public record GitInfo(String commit, Boolean dirty) {
    public static final GitInfo UNKNOWN = new GitInfo("unknown", null);

    /**
     * Asks git about the checkout containing {@code dir}; {@link #UNKNOWN} when git or the checkout is missing.
     */
    public static GitInfo detect(Path dir) {
        String commit = run(dir, "git", "rev-parse", "HEAD");
        if (commit == null || commit.isBlank()) {
            return UNKNOWN;
        }
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        return new GitInfo(commit.strip(), status == null ? null : !status.isBlank());
    }

    private static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
