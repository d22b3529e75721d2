package org.thermosgd.figures;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.knowm.xchart.XYChart;

/**
 * Draws XChart charts on one canvas: side by side on a two-column page, stacked on a one-column page (narrower than
 * {@link #STACK_BELOW_PT}), each under a strip with its panel letter, and one legend on the right listing every
 * series once (by name and colour). Written as PNG (with the DPI in its pHYs chunk, as XChart's encoder does), SVG
 * (VectorGraphics2D) and PDF (PDFBox), sizes in points.
 */
final class Panels {
    private static final int STRIP = 11;
    /** Pages narrower than this (5 inches) stack the panels. */
    static final int STACK_BELOW_PT = 360;
    private static final int LEGEND_LINE = 9;

    private final List<XYChart> charts;
    private final int panelWidth;
    private final int panelHeight;
    private final int columns;
    private final int height;
    private final int legendWidth;
    private final Map<String, Color> legend;

    /**
     * The legend lists each series of the panels that have more than one (a panel with one series says what it
     * shows on its axis), once per name, in the panel's colours.
     */
    Panels(List<FigureSpec> specs, int totalWidth, int panelHeight) {
        this.legend = new LinkedHashMap<>();
        for (FigureSpec spec : specs) {
            if (spec.series().size() > 1) {
                Color[] colours = Palette.assign(spec.series().stream().map(FigureSpec.Series::colourKey).toList());
                for (int i = 0; i < colours.length; i++) {
                    legend.putIfAbsent(spec.series().get(i).name(), colours[i]);
                }
            }
        }
        int longest = legend.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.legendWidth = legend.isEmpty() ? 0 : Math.min(90, 22 + (int) Math.ceil(longest * 3.6));
        this.columns = totalWidth < STACK_BELOW_PT ? 1 : specs.size();
        this.panelWidth = (totalWidth - legendWidth) / columns;
        this.panelHeight = panelHeight;
        this.height = (panelHeight + STRIP) * ((specs.size() + columns - 1) / columns);
        this.charts = new ArrayList<>();
        for (FigureSpec spec : specs) {
            charts.add(Figures.chart(spec, panelWidth, false));
        }
    }

    int width() {
        return panelWidth * columns + legendWidth;
    }

    private void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width(), height));
        AffineTransform base = g.getTransform();
        for (int i = 0; i < charts.size(); i++) {
            XYChart c = charts.get(i);
            int x = (i % columns) * panelWidth;
            int y = (i / columns) * (panelHeight + STRIP);
            g.translate(x, y + STRIP);
            c.paint(g, panelWidth, panelHeight);
            g.setTransform(base);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 9));
            g.drawString(String.valueOf((char) ('a' + i)), x + 3f, y + 9f);
        }
        if (legendWidth > 0) {
            double x = columns * panelWidth + 4;
            double y = STRIP + 14;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 7));
            for (Map.Entry<String, Color> e : legend.entrySet()) {
                g.setColor(e.getValue() == null ? Color.BLACK : e.getValue());
                g.setStroke(new BasicStroke(1.0f));
                g.draw(new Line2D.Double(x, y - 2.5, x + 12, y - 2.5));
                g.setColor(Color.BLACK);
                g.drawString(e.getKey(), (float) (x + 15), (float) y);
                y += LEGEND_LINE;
            }
        }
    }

    void png(OutputStream out, int dpi) throws IOException {
        double s = dpi / 72.0;
        BufferedImage img = new BufferedImage((int) (width() * s), (int) (height * s), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        AffineTransform t = g.getTransform();
        t.scale(s, s);
        g.setTransform(t);
        paint(g);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB), param);
        // the value XChart's BitmapEncoder writes (pixels per mm), which the JDK's PNG writer stores as pHYs
        String pixelsPerMm = Double.toString(dpi / 10.0 / 2.54);
        IIOMetadataNode h = new IIOMetadataNode("HorizontalPixelSize");
        h.setAttribute("value", pixelsPerMm);
        IIOMetadataNode v = new IIOMetadataNode("VerticalPixelSize");
        v.setAttribute("value", pixelsPerMm);
        IIOMetadataNode dim = new IIOMetadataNode("Dimension");
        dim.appendChild(h);
        dim.appendChild(v);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
        root.appendChild(dim);
        meta.mergeTree("javax_imageio_1.0", root);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    void svg(OutputStream out) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height)).writeTo(out);
    }

    void pdf(OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width(), height));
            doc.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, width(), height);
            paint(g);
            g.dispose();
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawForm(g.getXFormObject());
            }
            doc.save(out);
        }
    }
}
