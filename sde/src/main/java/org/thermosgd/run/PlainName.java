package org.thermosgd.run;

import java.util.regex.Pattern;

/**
 * The one rule for a name that becomes a file or folder name (run ids, run names): ASCII letters, digits, '.', '_'
 * and '-', starting with a letter or digit, at most 128 characters; so never a path separator, never {@code .} or
 * {@code ..}, never a control character or a shell metacharacter.
 */
public final class PlainName {
    public static final int MAX_LENGTH = 128;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private PlainName() {
    }

    /** Whether {@code name} is a plain name. */
    public static boolean isPlain(String name) {
        return name != null && name.length() <= MAX_LENGTH && PATTERN.matcher(name).matches();
    }

    /**
     * Returns {@code name}, or throws naming {@code what} (the field or option it came from), the value as Java would
     * quote it and the rule.
     */
    public static String require(String what, String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException(what + " " + quoted(name) + " is not a plain name: expected ASCII"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit, at most " + MAX_LENGTH
                    + " characters");
        }
        return name;
    }

    /** {@code s} in single quotes with control and non-ASCII characters escaped, so a message stays one line. */
    public static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (char c : s.toCharArray()) {
            if (shown++ == 200) {
                b.append("...");
                break;
            }
            if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
