package org.thermosgd.validation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.Json;

class ReportTest {
    @TempDir
    Path tmp;

    /**
     * A table becomes one HTML table with a header row and one row per data row (not a table per row), cells keep
     * their pipes, and a figure is embedded as a data URI; report.md keeps the Markdown.
     */
    @Test
    void tablesAreOneHtmlTableWithAHeaderAndFiguresAreEmbedded() throws Exception {
        Files.createDirectories(tmp.resolve("figures"));
        Files.write(tmp.resolve("figures").resolve("f.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Verdict v = new Verdict("a claim with |V|^2 / P", "ratio; holds < 2", "1.30 (x)", Verdict.HOLDS);
        new Report("title <1>").paragraph("Some *text*.").table(List.of("a", "b"),
                List.of(List.of("1", "x|y"), List.of("2", "z"))).verdicts(List.of(v)).image("f", "figures/f.png")
                .write(tmp);
        String html = Files.readString(tmp.resolve("report.html"));
        assertEquals(2, count(html, "<table>"), html);
        assertEquals(2, count(html, "<thead>"), html);
        assertEquals(2 + 4, count(html, "<th>"), "header cells of both tables");
        assertEquals(2 + 1, count(html, "<tr>") - 2, "data rows of both tables");
        assertTrue(html.contains("<td>x|y</td>"), html);
        assertTrue(html.contains("<td>a claim with |V|^2 / P</td>"), html);
        assertTrue(html.contains("src=\"data:image/png;base64,iVBORw==\""), html);
        assertTrue(html.contains("<title>title &lt;1&gt;</title>"), html);
        String md = Files.readString(tmp.resolve("report.md"));
        assertTrue(md.contains("| a | b |\n| --- | --- |\n| 1 | x\\|y |\n"), md);
    }

    /** verdicts.json keeps its format: each verdict an array [claim, statistic, value, verdict]. */
    @Test
    void verdictIsStoredAsAnArray() throws Exception {
        Verdict v = new Verdict("c", "s", "v", Verdict.FAILS);
        String json = Json.write(List.of(v));
        assertEquals("[ [ \"c\", \"s\", \"v\", \"fails\" ] ]", json.replaceAll("\\s+", " ").strip());
        Path f = tmp.resolve("v.json");
        Json.writeAtomically(f, List.of(v));
        assertEquals(v, Json.read(f, Verdict[].class)[0]);
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
