package org.thermosgd.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @TempDir
    Path tmp;

    static FigureSpec spec(boolean logY) {
        double[] e = {1, 2, 3, 4, 5};
        return new FigureSpec("loss", "", "Epoch", "1", "Training loss", "nats/sample", false, logY, false, List.of(
                new FigureSpec.Series("constant", "constant", e, new double[] {0.9, 0.5, 0.4, 0.35, 0.3}, null),
                new FigureSpec.Series("random", "random", e, new double[] {0.95, 0.52, 0.41, 0.34, 0.31},
                        new double[] {0.02, 0.02, 0.01, 0.01, 0.01}),
                new FigureSpec.Series("cyclic:6", "cyclic:6", e, new double[] {0.8, 0.6, 0.45, 0.3, 0.29}, null)));
    }

    @Test
    void rendersPngSvgPdfAndDataWithoutADisplay() throws IOException {
        Path png = Figures.render(spec(true), tmp);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Figures.WIDTH_PT * Figures.DPI / 72, img.getWidth(), "3.5 inches at 300 dpi");
        assertEquals(Figures.HEIGHT_PT * Figures.DPI / 72, img.getHeight());
        assertEquals(0xFFFFFFFF, img.getRGB(2, 2), "white background");
        String svg = Files.readString(tmp.resolve("loss.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.length() > 2000, "SVG");
        byte[] pdf = Files.readAllBytes(tmp.resolve("loss.pdf"));
        assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-") && pdf.length > 1000, "PDF");
        assertTrue(Files.readString(tmp.resolve("loss.csv")).startsWith("series[name],colour[key],x[1],"
                + "y[nats/sample],err[nats/sample]"));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "temp files left behind");
        }
    }

    @Test
    void rerendersFromStoredDataAndRejectsMalformedCsv() throws IOException {
        Figures.render(spec(false), tmp);
        long before = Files.size(tmp.resolve("loss.png"));
        Files.delete(tmp.resolve("loss.png"));
        Figures.rerender(tmp.resolve("loss.figure.json"));
        assertTrue(Files.size(tmp.resolve("loss.png")) > 0.5 * before, "re-rendered PNG");
        List<String> lines = Files.readAllLines(tmp.resolve("loss.csv"));
        lines.set(3, lines.get(3).replaceFirst(",0\\.4,", ",zero,"));
        Files.write(tmp.resolve("loss.csv"), lines);
        IOException e = assertThrows(IOException.class, () -> Figures.rerender(tmp.resolve("loss.figure.json")));
        assertTrue(e.getMessage().contains("loss.csv: line 4, column 'y'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void logAxisRejectsNonPositiveValues() {
        FigureSpec bad = new FigureSpec("bad", "", "x", "1", "y", "1", false, true, false, List.of(
                new FigureSpec.Series("s", null, new double[] {1, 2}, new double[] {0, 1}, null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Figures.render(bad, tmp));
        assertTrue(e.getMessage().contains("logarithmic"), e.getMessage());
    }

    @Test
    void everySeriesOfAFigureGetsItsOwnColourAndProtocolsKeepTheirs() {
        java.awt.Color[] c = Palette.assign(java.util.Arrays.asList("random", null, "constant", null));
        assertEquals(Palette.VERMILLION, c[0]);
        assertEquals(Palette.BLACK, c[2]);
        assertEquals(4, java.util.Set.of(c).size(), java.util.Arrays.toString(c));
    }

    @Test
    void categoricalFigureRendersAndRerendersWithItsCategories() throws IOException {
        List<String> cats = List.of("constant", "random", "cyclic:6", "cyclic:18", "cyclic:30");
        FigureSpec f = FigureSpec.categorical("best", "Best test accuracy", "fraction", cats, List.of(
                new FigureSpec.Series("final", null, new double[] {0.9, 1.9, 2.9, 3.9, 4.9},
                        new double[] {0.97, 0.975, 0.972, 0.971, 0.973}, new double[] {0.002, 0.001, 0.003, 0, 0.002}),
                new FigureSpec.Series("best", null, new double[] {1.1, 2.1, 3.1, 4.1, 5.1},
                        new double[] {0.975, 0.979, 0.976, 0.974, 0.977},
                        new double[] {0.001, 0.001, 0.002, 0, 0.001})));
        Figures.render(f, tmp);
        assertEquals(cats, Figures.chartSpec(tmp.resolve("best.figure.json")).xCategories(), "categories stored");
        long size = Files.size(tmp.resolve("best.png"));
        Files.delete(tmp.resolve("best.png"));
        Figures.rerender(tmp.resolve("best.figure.json"));
        assertTrue(Files.size(tmp.resolve("best.png")) > 0.5 * size, "re-rendered PNG");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureSpec.categorical("bad",
                "y", "1", cats, List.of(new FigureSpec.Series("s", null, new double[] {7}, new double[] {1}, null))));
        assertTrue(e.getMessage().contains("x = 7.0 outside categories 1..5"), e.getMessage());
    }

    /**
     * Two stored figures as panels a and b: side by side, 7.1 inches wide at 300 dpi on a two-column page, stacked on
     * a one-column page (3.5 inches); SVG and PDF of the same size in points; the panel spec is stored and
     * {@code rerenderAll} redraws the panel figure from the stored CSVs; a missing panel is a one-line error naming
     * the spec file.
     */
    @Test
    void panelFiguresInThePapersLayout() throws IOException {
        Figures.render(spec(false), tmp);
        double[] e = {1, 2, 3, 4, 5};
        Figures.render(new FigureSpec("accuracy", "", "Epoch", "1", "Test accuracy", "fraction", false, false, false,
                List.of(new FigureSpec.Series("constant", "constant", e, new double[] {0.8, 0.85, 0.9, 0.91, 0.92},
                        null), new FigureSpec.Series("random", "random", e, new double[] {0.7, 0.8, 0.9, 0.92, 0.93},
                        null))), tmp);
        Path png = Figures.renderPanels(new PanelFigure("fig1", PanelFigure.TWO_COLUMN, List.of("loss", "accuracy")),
                tmp);
        BufferedImage wide = ImageIO.read(png.toFile());
        assertEquals(Math.round(7.1 * 72) * Figures.DPI / 72, wide.getWidth(), 3, "7.1 inches at 300 dpi");
        assertEquals(Figures.HEIGHT_PT * Figures.DPI / 72, wide.getHeight(), 3);
        String svg = Files.readString(tmp.resolve("fig1.svg"));
        assertTrue(svg.contains("viewBox=\"0 0 ") && svg.contains("constant") && svg.contains("cyclic:6"), "SVG");
        byte[] pdf = Files.readAllBytes(tmp.resolve("fig1.pdf"));
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        Figures.renderPanels(new PanelFigure("fig1", PanelFigure.ONE_COLUMN, List.of("loss", "accuracy")), tmp);
        BufferedImage narrow = ImageIO.read(tmp.resolve("fig1.png").toFile());
        assertTrue(narrow.getHeight() > narrow.getWidth(), "stacked on one column");
        Files.delete(tmp.resolve("fig1.png"));
        List<Path> again = Figures.rerenderAll(tmp);
        assertTrue(again.contains(tmp.resolve("fig1.png")) && Files.size(tmp.resolve("fig1.png")) > 0);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Figures.renderPanels(
                new PanelFigure("fig2", PanelFigure.TWO_COLUMN, List.of("loss", "nothing")), tmp));
        assertTrue(bad.getMessage().contains("fig2.panels.json") && bad.getMessage().contains("'nothing'"),
                bad.getMessage());
        assertTrue(!Files.exists(tmp.resolve("fig2.panels.json")), "no spec stored for a figure that failed");
    }
}
