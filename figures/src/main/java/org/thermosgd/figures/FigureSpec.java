package org.thermosgd.figures;

import java.util.List;

/**
 * A line or scatter figure: axis titles (with units), optional log axes, and series with optional error bars. The
 * data lives in {@code <name>.csv} beside the images; this spec (without the data) in {@code <name>.figure.json}.
 * A categorical figure (e.g. one point per protocol) names its categories in {@code xCategories}; its series then
 * place category i at x = i + 1 (plus a small offset to set series side by side), and it is drawn with markers.
 *
 * @param xCategories the x-axis categories in order, or null for a numeric x axis
 */
public record FigureSpec(String name, String title, String xLabel, String xUnit, String yLabel, String yUnit,
                         boolean logX, boolean logY, boolean markers, List<Series> series, List<String> xCategories) {
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
        if (xCategories != null) {
            if (xCategories.isEmpty() || logX) {
                throw new IllegalArgumentException("figure " + name + ": categories must be non-empty on a linear x"
                        + " axis");
            }
            xCategories = List.copyOf(xCategories);
            for (Series s : series) {
                for (double x : s.x()) {
                    if (x < 0.5 || x > xCategories.size() + 0.5) {
                        throw new IllegalArgumentException("figure " + name + ": series " + s.name() + " has x = " + x
                                + " outside categories 1.." + xCategories.size());
                    }
                }
            }
        }
    }

    /** A figure with a numeric x axis. */
    public FigureSpec(String name, String title, String xLabel, String xUnit, String yLabel, String yUnit,
                      boolean logX, boolean logY, boolean markers, List<Series> series) {
        this(name, title, xLabel, xUnit, yLabel, yUnit, logX, logY, markers, series, null);
    }

    /** A categorical figure: one marker with its error bar per category and series. */
    public static FigureSpec categorical(String name, String yLabel, String yUnit, List<String> categories,
                                         List<Series> series) {
        return new FigureSpec(name, "", "", "1", yLabel, yUnit, false, false, true, series, categories);
    }

    public FigureSpec withSeries(List<Series> s) {
        return new FigureSpec(name, title, xLabel, xUnit, yLabel, yUnit, logX, logY, markers, s, xCategories);
    }
}
