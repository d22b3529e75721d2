package org.thermosgd.training.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;
import org.thermosgd.sde.sgd.UpdateForm;

/**
 * One training iteration, a row of iterations.csv: the mini-batch {@code loss} [nats/sample] before the update, the
 * step factor {@code factor} s [1], the effective learning rate {@code lr} = lr x s [1] and {@code stateSqMean}, the
 * mean square per parameter of the velocity (paper forms) or buffer (torch forms) after it [grad^2].
 *
 * @param iteration iterations done before this one (from 0)
 * @param epoch the epoch it belongs to (from 1)
 */
public record IterationRow(long iteration, int epoch, double loss, double factor, double lr, double stateSqMean) {
    /** The state column's key in a checkpoint's header, whatever the update form. */
    private static final String STATE = "state_sq_mean";

    /** The state column's name in iterations.csv: {@code velocity_sq_mean} or {@code buffer_sq_mean}. */
    public static String stateColumn(UpdateForm form) {
        return (form.isTorch() ? "buffer" : "velocity") + "_sq_mean";
    }

    /** iterations.csv of {@code rows} (columns {@code name[unit]}). */
    public static CsvTable table(UpdateForm form, List<IterationRow> rows) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("iteration", "1"), CsvTable.Column.of("epoch", "1"),
                CsvTable.Column.of("loss", "nats/sample"), CsvTable.Column.of("factor", "1"),
                CsvTable.Column.of("lr", "1"), CsvTable.Column.of(stateColumn(form), "grad^2"));
        for (IterationRow r : rows) {
            t.add(r.iteration, r.epoch, r.loss, r.factor, r.lr, r.stateSqMean);
        }
        return t;
    }

    /** The rows of epochs 1..{@code upToEpoch} of an iterations.csv (either state column name). */
    public static List<IterationRow> read(CsvTable t, int upToEpoch) {
        String state = t.columns().stream().map(CsvTable.Column::name).filter(n -> n.endsWith("_sq_mean"))
                .findFirst().orElse(STATE);
        List<IterationRow> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.number(r, "epoch") > upToEpoch) {
                continue;
            }
            out.add(new IterationRow((long) t.number(r, "iteration"), (int) t.number(r, "epoch"),
                    t.number(r, "loss"), t.number(r, "factor"), t.number(r, "lr"), t.number(r, state)));
        }
        return out;
    }

    /** The row as a checkpoint header stores it (keys as iterations.csv's columns, the state as state_sq_mean). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iteration", iteration);
        m.put("epoch", epoch);
        m.put("loss", loss);
        m.put("factor", factor);
        m.put("lr", lr);
        m.put(STATE, stateSqMean);
        return m;
    }

    /** A row of a checkpoint header ({@link #toJson}); a missing or mistyped value is an IllegalArgumentException. */
    static IterationRow fromJson(Map<?, ?> m) {
        return new IterationRow(JsonNumbers.integer(m, "iteration"), (int) JsonNumbers.integer(m, "epoch"),
                JsonNumbers.real(m, "loss"), JsonNumbers.real(m, "factor"), JsonNumbers.real(m, "lr"),
                JsonNumbers.real(m, STATE));
    }
}
