package org.thermosgd.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory (heap, native buffers, code) as the kernel counts it, in MB (10^6 bytes), from
 * {@code /proc/self/status}: VmRSS now and VmHWM, the peak so far. NaN where there is no such file (not Linux).
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    public static double rssMegabytes() {
        return field("VmRSS:");
    }

    public static double peakRssMegabytes() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024 / 1e6;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
