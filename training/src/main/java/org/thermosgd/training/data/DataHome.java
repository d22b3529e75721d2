package org.thermosgd.training.data;

import java.nio.file.Path;

/**
 * Where data sets are cached: {@code $THERMOSGD_HOME/data}, or {@code ~/.cache/thermosgd/data} when the variable is
 * unset.
 */
public record DataHome(Path root) {
    public static DataHome fromEnvironment() {
        String home = System.getenv("THERMOSGD_HOME");
        Path base = home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "thermosgd");
        return new DataHome(base.resolve("data"));
    }

    public Path resolve(String child) {
        return root.resolve(child);
    }
}
