package org.thermosgd.run;

/**
 * Named points where the fault-injection tests stop a child JVM as SIGKILL would (no shutdown hook, no flush):
 * with {@code -Dthermosgd.haltAt=NAME} the process halts with status 137 the first time it reaches NAME, with
 * {@code NAME@K} the K-th time. Points: {@code rename:FILE} (a file's content is complete in its temporary file, not
 * yet renamed), {@code final-figures} (a run's summary is written, its figures are not). Unset, a point costs one
 * property read.
 */
public final class FaultPoint {
    /** The exit status of a halted process, as a shell reports SIGKILL. */
    public static final int HALTED = 137;
    private static final java.util.Map<String, Integer> REACHED = new java.util.concurrent.ConcurrentHashMap<>();

    private FaultPoint() {
    }

    public static void reach(String name) {
        String at = System.getProperty("thermosgd.haltAt");
        if (at == null) {
            return;
        }
        int sep = at.lastIndexOf('@');
        String target = sep < 0 ? at : at.substring(0, sep);
        int k = sep < 0 ? 1 : Integer.parseInt(at.substring(sep + 1));
        if (target.equals(name) && REACHED.merge(name, 1, Integer::sum) == k) {
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
