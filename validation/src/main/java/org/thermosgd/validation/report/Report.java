package org.thermosgd.validation.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.thermosgd.run.AtomicFiles;

/**
 * The one report writer: a Markdown document built with {@link #heading}, {@link #paragraph}, {@link #table} and
 * {@link #image}, written as {@code report.md} and as a self-contained {@code report.html} (GitHub-flavoured tables;
 * PNG images embedded as data URIs), rendered by commonmark-java.
 */
public final class Report {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final String STYLE = "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
            + "img{max-width:100%}";

    private final String title;
    private final StringBuilder md = new StringBuilder();

    public Report(String title) {
        this.title = title;
        md.append("# ").append(title).append("\n\n");
    }

    public Report heading(String text) {
        md.append("## ").append(text).append("\n\n");
        return this;
    }

    /** A paragraph of Markdown text. */
    public Report paragraph(String text) {
        md.append(text.strip()).append("\n\n");
        return this;
    }

    /** A table: a header row and rows of cells (plain text: pipes are escaped). */
    public Report table(List<String> header, List<List<String>> rows) {
        md.append(row(header)).append("\n|");
        for (int i = 0; i < header.size(); i++) {
            md.append(" --- |");
        }
        md.append('\n');
        for (List<String> r : rows) {
            md.append(row(r)).append('\n');
        }
        md.append('\n');
        return this;
    }

    /** The verdict table: claim, statistic, value, verdict. */
    public Report verdicts(List<Verdict> verdicts) {
        return table(List.of("claim", "statistic", "value", "verdict"), verdicts.stream()
                .map(v -> List.of(v.claim(), v.statistic(), v.value(), v.verdict())).toList());
    }

    /** An image from the report's folder, e.g. {@code figures/loss.png}. */
    public Report image(String alt, String relativePath) {
        md.append("![").append(alt.replace("]", "")).append("](").append(relativePath).append(")\n\n");
        return this;
    }

    public String markdown() {
        return md.toString();
    }

    /** Writes {@code report.md} and {@code report.html} into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("report.md"), markdown());
        AtomicFiles.writeString(dir.resolve("report.html"), html(dir));
    }

    /** The HTML page, images read from {@code dir} and embedded. */
    public String html(Path dir) {
        Node doc = Parser.builder().extensions(EXTENSIONS).build().parse(markdown());
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Image image && attributes.containsKey("src")) {
                        attributes.put("src", dataUri(dir, image.getDestination()));
                    }
                }).build();
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body>\n" + renderer.render(doc) + "</body></html>\n";
    }

    private static String dataUri(Path dir, String relative) {
        Path file = dir.resolve(relative);
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            return relative;
        }
    }

    private static String row(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (String c : cells) {
            b.append("| ").append(c.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")).append(' ');
        }
        return b.append('|').toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
