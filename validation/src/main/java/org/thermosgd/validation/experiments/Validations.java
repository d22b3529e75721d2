package org.thermosgd.validation.experiments;

import java.util.List;

/** The validation experiments by name. */
public final class Validations {
    private static final List<Validation<?>> ALL = List.of(new QuadraticValidation(), new SdeVsSgdValidation(),
            new NetworkTemperatureValidation(), new IsotropyValidation(), new EqualTemperatureValidation(),
            new EquilibriumValidation());

    /** The names, in the order {@code thermosgd validate --help} lists them. */
    public static final List<String> NAMES = ALL.stream().map(Validation::name).toList();

    private Validations() {
    }

    public static Validation<?> named(String name) {
        return ALL.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown experiment '" + name + "', expected one of "
                        + String.join(", ", NAMES)));
    }
}
