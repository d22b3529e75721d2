package org.thermosgd.figures;

import java.util.List;

/**
 * A figure in a paper's layout: single figures of one folder (by name, each with its stored spec and data CSV) drawn
 * side by side as panels a, b, ... with one shared legend, {@code widthInches} wide. Stored as
 * {@code name.panels.json} beside the panels, so {@code thermosgd figures} re-renders it from the stored CSVs.
 */
public record PanelFigure(String name, double widthInches, List<String> panels) {
    /** A one-column page. */
    public static final double ONE_COLUMN = 3.5;
    /** A two-column page. */
    public static final double TWO_COLUMN = 7.1;

    public PanelFigure {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("panel figure name '" + name + "' must match [A-Za-z0-9._-]+");
        }
        if (!(widthInches >= 2 && widthInches <= 12)) {
            throw new IllegalArgumentException("figure width " + widthInches + " in must be between 2 and 12 inches"
                    + " (one column " + ONE_COLUMN + ", two columns " + TWO_COLUMN + ")");
        }
        if (panels == null || panels.isEmpty() || panels.size() > 4) {
            throw new IllegalArgumentException("panel figure " + name + " needs 1 to 4 panels, found "
                    + (panels == null ? 0 : panels.size()));
        }
        panels = List.copyOf(panels);
    }
}
