package org.thermosgd.figures;

import java.util.List;

/**
 * A line or scatter figure: axis titles (with units), optional log axes, and series with optional error bars. The
 * data lives in {@code <name>.csv} beside the images; this spec (without the data) in {@code <name>.figure.json}.
 *
 * @param colourKeys per series, the key of its colour in {@link Palette} (e.g. the protocol), or null for order
 */
public record FigureSpec(String name, String title, String xLabel, String xUnit, String yLabel, String yUnit,
                         boolean logX, boolean logY, boolean markers, List<Series> series) {
    /** One series; {@code err} (half-width of the error bar) may be null. */
    public record Series(String name, String colourKey, double[] x, double[] y, double[] err) {
        public Series {
            if (name == null || name.isBlank() || name.contains(",")) {
                throw new IllegalArgumentException("series name '" + name + "' must be non-empty, without commas");
            }
            if (x.length != y.length || (err != null && err.length != y.length)) {
                throw new IllegalArgumentException("series " + name + ": x, y (and err) must have equal lengths");
            }
        }
    }

    public FigureSpec {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("figure name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        series = series == null ? List.of() : List.copyOf(series);
    }

    public FigureSpec withSeries(List<Series> s) {
        return new FigureSpec(name, title, xLabel, xUnit, yLabel, yUnit, logX, logY, markers, s);
    }
}
