package org.thermosgd.run;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metrics table whose header names every column's unit, as {@code name[unit]} (e.g. {@code loss[nats/sample]};
 * {@code [1]} for a dimensionless count or ratio). Cells are numbers or plain text without commas.
 */
public final class CsvTable {
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9_.]+)\\[([^\\[\\],]+)]");

    /** A column: its name and its unit. */
    public record Column(String name, String unit) {
        public Column {
            if (!name.matches("[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("column name '" + name + "' must be letters, digits, '_' or '.'");
            }
            if (unit.isBlank() || unit.contains(",") || unit.contains("[") || unit.contains("]")) {
                throw new IllegalArgumentException("unit '" + unit + "' of column " + name + " must be non-empty"
                        + " and free of ',', '[' and ']'");
            }
        }

        public static Column of(String name, String unit) {
            return new Column(name, unit);
        }

        String header() {
            return name + "[" + unit + "]";
        }
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    private CsvTable(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    public static CsvTable of(Column... columns) {
        return new CsvTable(Arrays.asList(columns));
    }

    public List<Column> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Adds a row; numbers are written with full precision ({@link Double#toString}), integers as integers. */
    public CsvTable add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size()
                    + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String text = String.valueOf(cells[i]);
            if (text.contains(",") || text.contains("\n")) {
                throw new IllegalArgumentException("cell '" + text + "' of column " + columns.get(i).name()
                        + " contains a comma or newline");
            }
            row[i] = text;
        }
        rows.add(row);
        return this;
    }

    public String cell(int row, String column) {
        return rows.get(row)[indexOf(column)];
    }

    public double number(int row, String column) {
        return Double.parseDouble(cell(row, column));
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + column + "'; columns are " + columns);
    }

    public void writeAtomically(Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", columns.stream().map(Column::header).toList()));
            w.write('\n');
            for (String[] row : rows) {
                w.write(String.join(",", row));
                w.write('\n');
            }
            w.flush();
        });
    }

    /** Reads a table written by {@link #writeAtomically}; a malformed header or row is a one-line error. */
    public static CsvTable read(Path source) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new java.io.FileNotFoundException(source + ": no such file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(source + ": not a text CSV (bytes that are not UTF-8), expected a header line of"
                    + " name[unit] columns");
        }
        if (lines.isEmpty()) {
            throw new IOException(source + ": empty file, expected a header line of name[unit] columns");
        }
        List<Column> cols = new ArrayList<>();
        for (String h : lines.get(0).split(",", -1)) {
            Matcher m = HEADER.matcher(h.strip());
            if (!m.matches()) {
                throw new IOException(source + ": header cell '" + h + "' is not of the form name[unit]");
            }
            cols.add(new Column(m.group(1), m.group(2)));
        }
        CsvTable table = new CsvTable(cols);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != cols.size()) {
                throw new IOException(source + ": line " + (i + 1) + " has " + cells.length + " cells, expected "
                        + cols.size());
            }
            table.rows.add(cells);
        }
        return table;
    }
}
