package org.thermosgd.run;

import java.lang.management.ManagementFactory;

/**
 * Refuses work whose estimated memory exceeds what this JVM (its maximum heap) or this machine (its physical memory)
 * can give, before anything is allocated. Sizes are doubles so that products of user-given sizes cannot overflow.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** The largest heap this JVM may grow to, in bytes. */
    public static long heapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** This machine's physical memory in bytes; Long.MAX_VALUE where the JVM cannot tell. */
    public static long physicalBytes() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getTotalMemorySize() > 0 ? os.getTotalMemorySize() : Long.MAX_VALUE;
    }

    /** Refuses {@code bytes} of Java heap for {@code what} beyond the JVM's maximum heap. */
    public static void requireHeap(String what, double bytes) {
        requireHeap(what, bytes, heapBytes());
    }

    static void requireHeap(String what, double bytes, long heap) {
        if (!(bytes <= heap)) {
            throw new IllegalArgumentException(what + " needs about " + size(bytes) + " of Java heap, more than the "
                    + size(heap) + " this JVM may use (JAVA_OPTS=-Xmx<GB>g gives it more)");
        }
    }

    /** Refuses {@code bytes} (heap and native together) for {@code what} beyond this machine's physical memory. */
    public static void requireMemory(String what, double bytes) {
        requireMemory(what, bytes, physicalBytes());
    }

    static void requireMemory(String what, double bytes, long physical) {
        if (!(bytes <= physical)) {
            throw new IllegalArgumentException(what + " needs about " + size(bytes) + " of memory, more than the "
                    + size(physical) + " this machine has");
        }
    }

    /** Bytes in decimal units: 512 B, 3.5 GB, 6.6 TB. */
    public static String size(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        double v = bytes;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? String.format("%.0f B", v) : String.format(v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
