package org.thermosgd.sde.io;

/** The one home of "an error message stays one line": control characters a file brought in are shown escaped. */
public final class OneLine {
    private OneLine() {
    }

    /** {@code text} with control characters (newlines, NUL, ...) as {@code \xNN}. */
    public static String of(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }
}
