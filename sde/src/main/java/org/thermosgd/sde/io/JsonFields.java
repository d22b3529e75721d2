package org.thermosgd.sde.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.thermosgd.run.Json;

/**
 * Reads fields of a JSON problem file with one-line errors that name the file, the field (dotted path) and the
 * expected form.
 */
public final class JsonFields {
    private final Path file;

    private JsonFields(Path file) {
        this.file = file;
    }

    /** A problem file error: one line, naming the file. */
    public static final class ProblemFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ProblemFileException(String message) {
            super(OneLine.of(message));
        }
    }

    public static JsonFields of(Path file) {
        return new JsonFields(file);
    }

    public JsonNode read() {
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw error("", "the file must hold one JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ProblemFileException(file + ": malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage().replaceAll("\\s*\\(?(start marker at )?\\[Source:.*$", "").strip());
        } catch (NoSuchFileException e) {
            throw new ProblemFileException(file + ": file not found");
        } catch (IOException e) {
            throw new ProblemFileException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public ProblemFileException error(String field, String message) {
        return new ProblemFileException(file + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + message);
    }

    /** Wraps a domain error (whose message names the field) with the file name. */
    public ProblemFileException invalid(IllegalArgumentException e) {
        return new ProblemFileException(file + ": " + e.getMessage());
    }

    public JsonNode required(JsonNode parent, String prefix, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw error(prefix + name, "is required");
        }
        return n;
    }

    public double number(JsonNode parent, String prefix, String name) {
        JsonNode n = required(parent, prefix, name);
        if (!n.isNumber()) {
            throw error(prefix + name, "must be a number, found " + describe(n));
        }
        return n.asDouble();
    }

    public double number(JsonNode parent, String prefix, String name, double fallback) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? fallback : number(parent, prefix, name);
    }

    public int integer(JsonNode parent, String prefix, String name) {
        JsonNode n = required(parent, prefix, name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw error(prefix + name, "must be a whole number, found " + describe(n));
        }
        return n.asInt();
    }

    public String text(JsonNode parent, String prefix, String name) {
        JsonNode n = required(parent, prefix, name);
        if (!n.isTextual()) {
            throw error(prefix + name, "must be a string, found " + describe(n));
        }
        return n.asText();
    }

    public double[] vector(JsonNode parent, String prefix, String name) {
        JsonNode n = required(parent, prefix, name);
        if (!n.isArray() || n.isEmpty()) {
            throw error(prefix + name, "must be a non-empty array of numbers, found " + describe(n));
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (!n.get(i).isNumber()) {
                throw error(prefix + name + "[" + i + "]", "must be a number, found " + describe(n.get(i)));
            }
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    /** A rectangular matrix given as an array of rows. */
    public double[][] matrix(JsonNode parent, String prefix, String name) {
        JsonNode n = required(parent, prefix, name);
        if (!n.isArray() || n.isEmpty()) {
            throw error(prefix + name, "must be a non-empty array of rows, e.g. [[1.0, 0.0], [0.0, 2.0]]");
        }
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode row = n.get(i);
            if (!row.isArray() || row.isEmpty()) {
                throw error(prefix + name + "[" + i + "]", "must be a non-empty array of numbers, found "
                        + describe(row));
            }
            if (i > 0 && row.size() != m[0].length) {
                throw error(prefix + name + "[" + i + "]", "has " + row.size() + " entries, expected " + m[0].length
                        + " like row 0");
            }
            m[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!row.get(j).isNumber()) {
                    throw error(prefix + name + "[" + i + "][" + j + "]", "must be a number, found "
                            + describe(row.get(j)));
                }
                m[i][j] = row.get(j).asDouble();
            }
        }
        return m;
    }

    private static String describe(JsonNode n) {
        return n.isTextual() ? "the string \"" + n.asText() + "\"" : n.getNodeType().toString().toLowerCase()
                + (n.isValueNode() ? " " + n : "");
    }
}
