package org.thermosgd.tensors;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One corruption of a valid file: a byte flipped or set, the file cut, bytes inserted, or a number in its text header
 * replaced by a huge, negative or fractional one before the file is assembled (so length fields stay consistent and
 * the readers' size checks, not their parsers, meet it). Positions are fractions of the file (or header) length.
 * Shared through sde's test jar with the other modules' property suites (IDX, CIFAR-10, checkpoints).
 */
public record Mutation(Kind kind, double where, int value, int huge) {
    public enum Kind { FLIP, SET, TRUNCATE, INSERT, NUMBER, NONE }

    /** Numbers a size field is set to: 2^40, 2^63 - 1, 2^64, 2^31, -1, a fraction, 0. */
    static final String[] HUGE = {"1099511627776", "9223372036854775807", "18446744073709551616", "2147483648",
            "-1", "50.7", "0"};

    public static Arbitrary<Mutation> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, HUGE.length - 1))
                .as(Mutation::new);
    }

    /** The bytes after a FLIP, SET, TRUNCATE or INSERT (the same bytes for the other kinds). */
    public byte[] apply(byte[] b) {
        int at = (int) (where * b.length);
        switch (kind) {
            case FLIP -> {
                byte[] c = b.clone();
                if (c.length > 0) {
                    c[Math.min(at, c.length - 1)] ^= (byte) (1 << (value & 7));
                }
                return c;
            }
            case SET -> {
                byte[] c = b.clone();
                if (c.length > 0) {
                    c[Math.min(at, c.length - 1)] = (byte) value;
                }
                return c;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(b, at);
            }
            case INSERT -> {
                byte[] c = new byte[b.length + value];
                System.arraycopy(b, 0, c, 0, at);
                Arrays.fill(c, at, at + value, (byte) value);
                System.arraycopy(b, at, c, at + value, b.length - at);
                return c;
            }
            default -> {
                return b;
            }
        }
    }

    /** A NUMBER mutation's header text: one of its numbers replaced by {@code HUGE[huge]}; else the text itself. */
    public String edit(String text) {
        if (kind != Kind.NUMBER) {
            return text;
        }
        Matcher m = Pattern.compile("\\d+").matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count == 0) {
            return text;
        }
        int pick = Math.min(count - 1, (int) (where * count));
        m.reset();
        for (int i = 0; i <= pick; i++) {
            m.find();
        }
        return text.substring(0, m.start()) + HUGE[huge] + text.substring(m.end());
    }
}
