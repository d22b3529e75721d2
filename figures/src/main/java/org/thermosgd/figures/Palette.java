package org.thermosgd.figures;

import java.awt.Color;
import java.util.Map;

/**
 * Okabe-Ito colours (safe for the common colour-vision deficiencies), with a fixed colour per learning-rate protocol
 * so that a protocol looks the same in every figure.
 */
public final class Palette {
    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color GREEN = new Color(0x009E73);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color PURPLE = new Color(0xCC79A7);
    private static final Color[] ORDER = {BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE, BLACK, YELLOW};
    private static final Map<String, Color> BY_KEY = Map.of("constant", BLACK, "random", VERMILLION, "random-max",
            ORANGE, "cyclic:6", BLUE, "cyclic:18", GREEN, "cyclic:30", PURPLE, "theory", SKY_BLUE, "exact", BLACK);

    private Palette() {
    }

    public static Color colour(String key, int index) {
        if (key != null && BY_KEY.containsKey(key)) {
            return BY_KEY.get(key);
        }
        return ORDER[index % ORDER.length];
    }

    /** Colours for a figure's series: keyed ones fixed, the others the first palette colours not already used. */
    public static Color[] assign(java.util.List<String> keys) {
        Color[] out = new Color[keys.size()];
        java.util.Set<Color> used = new java.util.HashSet<>();
        for (int i = 0; i < out.length; i++) {
            String k = keys.get(i);
            if (k != null && BY_KEY.containsKey(k)) {
                out[i] = BY_KEY.get(k);
                used.add(out[i]);
            }
        }
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                while (used.contains(ORDER[next % ORDER.length]) && next < 2 * ORDER.length) {
                    next++;
                }
                out[i] = ORDER[next % ORDER.length];
                used.add(out[i]);
            }
        }
        return out;
    }
}
