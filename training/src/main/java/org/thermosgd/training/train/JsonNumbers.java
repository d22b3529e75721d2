package org.thermosgd.training.train;

import java.util.Map;

/** Numbers of a checkpoint header's rows as Jackson reads them back (non-finite doubles are written as strings). */
final class JsonNumbers {
    private JsonNumbers() {
    }

    static long integer(Map<?, ?> m, String key) {
        if (m.get(key) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("row key " + key + " is " + m.get(key) + ", not an integer");
    }

    static double real(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException("row key " + key + " is " + v + ", not a number");
    }
}
