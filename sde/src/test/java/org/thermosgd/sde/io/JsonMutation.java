package org.thermosgd.sde.io;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One corruption of a valid JSON file's text: a number replaced by a huge, negative, fractional or non-finite one; a
 * string replaced by a hostile one (a path out of the folder, a control character, an empty string, a long one); a
 * value replaced by another JSON type; a character deleted or inserted; the text cut. Positions are fractions of the
 * count of candidates. Used by the property suites of every JSON reader (problem files, manifests, specifications).
 */
public record JsonMutation(Kind kind, double where, int pick) {
    public enum Kind { NUMBER, STRING, TYPE, DELETE, INSERT, TRUNCATE, NONE }

    static final String[] NUMBERS = {"1099511627776", "9223372036854775807", "18446744073709551616", "2147483648",
            "-1", "50.7", "0", "1e300", "-1e-300", "1e999", "NaN", "3000000000"};
    static final String[] STRINGS = {"\"../../victim\"", "\"\"", "\"a\\nb\"", "\"/etc\"", "\"x\".repeat",
            "\"" + "y".repeat(300) + "\"", "\"$(touch pwned)\"", "\"\\u0000\""};
    static final String INSERTED = "{}[],:\"\\0x\u0001";
    static final String[] VALUES = {"[]", "{}", "null", "true", "[1, 2]", "\"text\"", "[[1e308, 1e308], [1, 1]]"};

    public static Arbitrary<JsonMutation> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 1 << 20)).as(JsonMutation::new);
    }

    /** The text after this corruption. */
    public String apply(String text) {
        return switch (kind) {
            case NUMBER -> replace(text, "-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", NUMBERS[pick % NUMBERS.length]);
            case STRING -> replace(text, ":\\s*\"(\\\\.|[^\"\\\\])*\"", ": " + STRINGS[pick % STRINGS.length]);
            case TYPE -> replace(text, ":\\s*(-?\\d[^,}\\]]*|\"(\\\\.|[^\"\\\\])*\"|true|false|null)",
                    ": " + VALUES[pick % VALUES.length]);
            case DELETE -> text.isEmpty() ? text : at(text) >= text.length() ? text
                    : text.substring(0, at(text)) + text.substring(at(text) + 1);
            case INSERT -> text.substring(0, at(text)) + INSERTED.charAt(pick % INSERTED.length())
                    + text.substring(at(text));
            case TRUNCATE -> text.substring(0, at(text));
            case NONE -> text;
        };
    }

    private int at(String text) {
        return Math.min(text.length(), (int) (where * text.length()));
    }

    private String replace(String text, String regex, String by) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = spans.get(Math.min(spans.size() - 1, (int) (where * spans.size())));
        return text.substring(0, s[0]) + by + text.substring(s[1]);
    }
}
