package org.thermosgd.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;

/**
 * Renders {@link FigureSpec}s headlessly in one house style: 3.5 inches wide (single journal column), PNG at 300 dpi,
 * SVG and PDF, white background, no plot border, light grid, 7-9 pt fonts, lines for dense series, the legend
 * outside the data, round tick bounds, logarithmic axes only where the values span a decade or more. Each figure is
 * written with its data CSV and its spec, all atomically.
 */
public final class Figures {
    /** Width and height in points (1/72 inch): 3.5 x 2.6 inches. */
    public static final int WIDTH_PT = 252;
    public static final int HEIGHT_PT = 187;
    public static final int DPI = 300;

    private Figures() {
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Writes name.csv, name.figure.json, name.png, name.svg and name.pdf into dir; returns the PNG path. */
    public static Path render(FigureSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeData(spec, dir.resolve(spec.name() + ".csv"));
        Json.writeAtomically(dir.resolve(spec.name() + ".figure.json"), spec.withSeries(List.of()));
        return draw(spec, dir);
    }

    /** A stored figure spec (without its data). */
    static FigureSpec chartSpec(Path specFile) throws IOException {
        return Json.read(specFile, FigureSpec.class);
    }

    /** Re-renders a figure from its stored spec and CSV (no recomputation). */
    public static Path rerender(Path specFile) throws IOException {
        FigureSpec spec = Json.read(specFile, FigureSpec.class);
        Path dir = specFile.getParent();
        return draw(spec.withSeries(readData(dir.resolve(spec.name() + ".csv"))), dir);
    }

    /**
     * Writes {@code name.png|svg|pdf}, then {@code name.panels.json}: the stored single figures named in {@code p},
     * already rendered into {@code dir}, as panels a, b, ... with one legend (side by side on a two-column page,
     * stacked on a one-column page); returns the PNG path.
     */
    public static Path renderPanels(PanelFigure p, Path dir) throws IOException {
        Path png = drawPanels(p, dir);
        Json.writeAtomically(dir.resolve(p.name() + PANELS_SUFFIX), p);
        return png;
    }

    private static final String PANELS_SUFFIX = ".panels.json";

    private static Path drawPanels(PanelFigure p, Path dir) throws IOException {
        List<FigureSpec> specs = new ArrayList<>();
        for (String panel : p.panels()) {
            Path spec = dir.resolve(panel + ".figure.json");
            if (!Files.exists(spec)) {
                throw new IllegalArgumentException(dir.resolve(p.name() + PANELS_SUFFIX) + ": panel '" + panel
                        + "' has no stored figure (" + spec.getFileName() + ")");
            }
            specs.add(chartSpec(spec).withSeries(readData(dir.resolve(panel + ".csv"))));
        }
        int width = (int) Math.round(p.widthInches() * 72);
        Panels panels = new Panels(specs, width, width < Panels.STACK_BELOW_PT ? 150 : HEIGHT_PT - 11);
        Path png = dir.resolve(p.name() + ".png");
        AtomicFiles.write(png, out -> panels.png(out, DPI));
        AtomicFiles.write(dir.resolve(p.name() + ".svg"), panels::svg);
        AtomicFiles.write(dir.resolve(p.name() + ".pdf"), panels::pdf);
        return png;
    }

    /**
     * Re-renders every figure stored under {@code dir} (each {@code *.figure.json} with its CSV, then each
     * {@code *.panels.json} from them), in path order; returns the files written.
     */
    public static List<Path> rerenderAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        List<Path> stored;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            stored = walk.filter(p -> p.getFileName().toString().endsWith(".figure.json")
                    || p.getFileName().toString().endsWith(PANELS_SUFFIX)).sorted().toList();
        }
        List<Path> specs = stored.stream().filter(p -> p.getFileName().toString().endsWith(".figure.json")).toList();
        List<Path> panels = stored.stream().filter(p -> p.getFileName().toString().endsWith(PANELS_SUFFIX)).toList();
        List<Path> out = new ArrayList<>();
        for (Path s : specs) {
            out.add(rerender(s));
        }
        for (Path p : panels) {
            out.add(drawPanels(Json.read(p, PanelFigure.class), p.getParent()));
        }
        return out;
    }

    /** A log axis only where the values span at least a decade (otherwise it would show one tick label). */
    static boolean spansDecades(List<FigureSpec.Series> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (FigureSpec.Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > 0 && hi / lo >= 10;
    }

    static XYChart chart(FigureSpec requested) {
        return chart(requested, WIDTH_PT, requested.series().size() > 1);
    }

    /** The chart of {@code requested} for a plot {@code width} points wide, with or without its own legend. */
    static XYChart chart(FigureSpec requested, int width, boolean legend) {
        FigureSpec spec = new FigureSpec(requested.name(), requested.title(), requested.xLabel(), requested.xUnit(),
                requested.yLabel(), requested.yUnit(), requested.logX() && spansDecades(requested.series(), true),
                requested.logY() && spansDecades(requested.series(), false), requested.markers(),
                requested.series(), requested.xCategories());
        for (FigureSpec.Series ser : requested.series()) {
            if ((requested.logX() && min(ser.x()) <= 0) || (requested.logY() && min(ser.y()) <= 0)) {
                throw new IllegalArgumentException("figure " + spec.name() + ": series " + ser.name()
                        + " has values <= 0 on a logarithmic axis");
            }
        }
        XYChart c = new XYChartBuilder().width(WIDTH_PT).height(HEIGHT_PT).title(spec.title())
                .xAxisTitle(axisTitle(spec.xLabel(), spec.xUnit())).yAxisTitle(axisTitle(spec.yLabel(), spec.yUnit()))
                .build();
        Styler s = c.getStyler();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBorderVisible(false);
        c.getStyler().setPlotGridLinesColor(new Color(0xE6E6E6));
        c.getStyler().setPlotGridLinesStroke(new BasicStroke(0.4f));
        c.getStyler().setChartTitleVisible(spec.title() != null && !spec.title().isBlank());
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 7));
        c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 7));
        c.getStyler().setLegendBorderColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendVisible(legend);
        c.getStyler().setChartPadding(4);
        c.getStyler().setPlotMargin(2);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setXAxisTickMarkSpacingHint(40);
        c.getStyler().setYAxisTickMarkSpacingHint(30);
        c.getStyler().setXAxisLogarithmic(spec.logX());
        c.getStyler().setYAxisLogarithmic(spec.logY());
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setAntiAlias(true);
        s.setChartFontColor(Color.BLACK);
        List<String> cats = spec.xCategories();
        if (cats != null) {
            c.getStyler().setXAxisMin(0.5);
            c.getStyler().setXAxisMax(cats.size() + 0.5);
            // ticks at every integer (XChart needs distinct labels, also for ticks outside the plot, which it
            // does not draw): a spacing hint of one category width makes its grid step exactly 1
            c.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                long i = Math.round(x);
                return i >= 1 && i <= cats.size() ? cats.get((int) i - 1) : Long.toString(i);
            });
            int plotWidth = width - (legend ? 100 : 50);
            c.getStyler().setXAxisTickMarkSpacingHint(plotWidth / cats.size());
            if (legend || plotWidth / cats.size() < 40) {
                c.getStyler().setXAxisLabelRotation(45);
                c.getStyler().setLegendPadding(2);
            }
        } else if (!spec.logX()) {
            c.getStyler().setXAxisDecimalPattern(pattern(spec.series(), true));
            double[] r = niceRange(spec.series(), true);
            c.getStyler().setXAxisMin(r[0]);
            c.getStyler().setXAxisMax(r[1]);
        }
        if (!spec.logY()) {
            c.getStyler().setYAxisDecimalPattern(pattern(spec.series(), false));
            double[] r = niceRange(spec.series(), false);
            c.getStyler().setYAxisMin(r[0]);
            c.getStyler().setYAxisMax(r[1]);
        }
        int i = 0;
        java.awt.Color[] colours = Palette.assign(spec.series().stream().map(FigureSpec.Series::colourKey).toList());
        for (FigureSpec.Series ser : spec.series()) {
            XYSeries x = ser.err() == null ? c.addSeries(ser.name(), ser.x(), ser.y())
                    : c.addSeries(ser.name(), ser.x(), ser.y(), ser.err());
            x.setLineColor(colours[i]);
            x.setMarkerColor(colours[i]);
            x.setLineStyle(new BasicStroke(1.0f));
            x.setMarker(spec.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            x.setXYSeriesRenderStyle(spec.markers() && (ser.x().length < 2 || cats != null)
                    ? XYSeries.XYSeriesRenderStyle.Scatter : XYSeries.XYSeriesRenderStyle.Line);
            i++;
        }
        return c;
    }

    private static Path draw(FigureSpec spec, Path dir) throws IOException {
        if (spec.series().isEmpty()) {
            throw new IllegalArgumentException("figure " + spec.name() + " has no series");
        }
        XYChart c = chart(spec);
        Path png = dir.resolve(spec.name() + ".png");
        Path tmp = Files.createTempFile(dir, "." + spec.name() + ".", ".png");
        try {
            String base = tmp.toString().substring(0, tmp.toString().length() - 4);
            BitmapEncoder.saveBitmapWithDPI(c, base, BitmapEncoder.BitmapFormat.PNG, DPI);
            AtomicFiles.publish(tmp, png);
        } finally {
            Files.deleteIfExists(tmp);
        }
        AtomicFiles.write(dir.resolve(spec.name() + ".svg"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(c, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        AtomicFiles.write(dir.resolve(spec.name() + ".pdf"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(c, out, VectorGraphicsEncoder.VectorGraphicsFormat.PDF));
        return png;
    }

    /** Axis bounds rounded outward to a 1-2-5 step giving about five ticks, so tick labels are round numbers. */
    static double[] niceRange(List<FigureSpec.Series> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (FigureSpec.Series s : series) {
            double[] v = x ? s.x() : s.y();
            double[] e = x ? null : s.err();
            for (int i = 0; i < v.length; i++) {
                double d = e == null ? 0 : e[i];
                lo = Math.min(lo, v[i] - d);
                hi = Math.max(hi, v[i] + d);
            }
        }
        if (!(hi > lo)) {
            return new double[] {lo - 1, hi + 1};
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        return new double[] {Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step};
    }

    /** Short tick labels: fixed-point with up to 3 decimals, or scientific for very small or large values. */
    static String pattern(List<FigureSpec.Series> series, boolean x) {
        double max = 0;
        for (FigureSpec.Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        if (max == 0) {
            return "0";
        }
        return max < 1e-2 || max >= 1e5 ? "0.0E0" : max >= 100 ? "#,##0" : "0.###";
    }

    private static String axisTitle(String label, String unit) {
        return unit == null || unit.isBlank() || unit.equals("1") ? label : label + " (" + unit + ")";
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    static void writeData(FigureSpec spec, Path file) throws IOException {
        String xu = spec.xUnit() == null || spec.xUnit().isBlank() ? "1" : spec.xUnit();
        String yu = spec.yUnit() == null || spec.yUnit().isBlank() ? "1" : spec.yUnit();
        CsvTable t = CsvTable.of(CsvTable.Column.of("series", "name"), CsvTable.Column.of("colour", "key"),
                CsvTable.Column.of("x", xu), CsvTable.Column.of("y", yu), CsvTable.Column.of("err", yu));
        for (FigureSpec.Series s : spec.series()) {
            for (int i = 0; i < s.x().length; i++) {
                t.add(s.name(), s.colourKey() == null ? "-" : s.colourKey(), s.x()[i], s.y()[i],
                        s.err() == null ? "" : s.err()[i]);
            }
        }
        t.writeAtomically(file);
    }

    /** Reads a figure's data CSV; a malformed cell is a one-line error naming the file, line and column. */
    static List<FigureSpec.Series> readData(Path file) throws IOException {
        CsvTable t = CsvTable.read(file);
        for (String col : new String[] {"series", "colour", "x", "y", "err"}) {
            try {
                t.indexOf(col);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": missing column '" + col + "' (expected series, colour, x, y, err)");
            }
        }
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        Map<String, String> colours = new LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String name = t.cell(r, "series");
            double[] v = new double[3];
            String[] cols = {"x", "y", "err"};
            for (int c = 0; c < 3; c++) {
                String cell = t.cell(r, cols[c]);
                if (c == 2 && cell.isEmpty()) {
                    v[c] = Double.NaN;
                    continue;
                }
                try {
                    v[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (r + 2) + ", column '" + cols[c] + "': '" + cell
                            + "' is not a number");
                }
            }
            rows.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
            colours.put(name, t.cell(r, "colour"));
        }
        List<FigureSpec.Series> out = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : rows.entrySet()) {
            List<double[]> v = e.getValue();
            double[] x = new double[v.size()];
            double[] y = new double[v.size()];
            double[] err = Double.isNaN(v.get(0)[2]) ? null : new double[v.size()];
            for (int i = 0; i < v.size(); i++) {
                x[i] = v.get(i)[0];
                y[i] = v.get(i)[1];
                if (err != null) {
                    err[i] = v.get(i)[2];
                }
            }
            String colour = colours.get(e.getKey());
            out.add(new FigureSpec.Series(e.getKey(), "-".equals(colour) ? null : colour, x, y, err));
        }
        return out;
    }
}
