package org.thermosgd.training.train;

/**
 * An invalid configuration value: names the field (as in config.json), the value found and what was expected, so a
 * command line can say which of its options to change.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;
    private final String expected;

    public ConfigException(String field, Object value, String expected) {
        super(field + " = " + value + ": expected " + expected);
        this.field = field;
        this.value = value;
        this.expected = expected;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    public String expected() {
        return expected;
    }
}
