package org.thermosgd.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one JSON configuration used for configs, provenance and results: pretty-printed, stable map key order, file
 * paths as plain strings.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(new SimpleModule("thermosgd-paths").addSerializer(Path.class, ToStringSerializer.instance))
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName() + ": "
                    + e.getMessage(), e);
        }
    }

    public static void writeAtomically(Path target, Object value) throws IOException {
        AtomicFiles.writeString(target, write(value) + System.lineSeparator());
    }

    /**
     * Reads {@code source} as a {@code type}; a missing file, malformed JSON or a field of the wrong form is an
     * IOException naming the file and, where known, the line and column, without the parser's internals.
     */
    public static <T> T read(Path source, Class<T> type) throws IOException {
        if (!java.nio.file.Files.isRegularFile(source)) {
            throw new java.io.FileNotFoundException(source + ": no such file");
        }
        try {
            return MAPPER.readValue(source.toFile(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw described(source, type, e);
        }
    }

    /** {@code tree}, read from {@code source} and edited, as a {@code type}; errors as {@link #read} words them. */
    public static <T> T convert(Path source, com.fasterxml.jackson.databind.JsonNode tree, Class<T> type)
            throws IOException {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw described(source, type, e);
        }
    }

    private static IOException described(Path source, Class<?> type,
                                         com.fasterxml.jackson.core.JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                path.append(r.getFieldName() != null ? (path.length() > 0 ? "." : "") + r.getFieldName()
                        : "[" + r.getIndex() + "]");
            }
            what = " (field '" + path + "')";
        }
        String cause = "";
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException v && v.getCause() != null
                && v.getCause().getMessage() != null) {
            cause = ": " + RunDirectory.oneLine(v.getCause());
        }
        String kind = e instanceof com.fasterxml.jackson.core.JsonParseException ? "is not valid JSON"
                : "does not hold the expected " + type.getSimpleName() + what;
        return new IOException(source + ": " + kind + where + cause);
    }
}
