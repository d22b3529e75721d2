package org.thermosgd.validation.report;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A verdict on one claim: the claim, the statistic that judges it (with its thresholds), the statistic's value (with
 * its unit) and the verdict ("holds", "fails" or "inconclusive", with a reason in parentheses where useful). Stored in
 * verdicts.json as the array [claim, statistic, value, verdict].
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"claim", "statistic", "value", "verdict"})
public record Verdict(String claim, String statistic, String value, String verdict) {
    public static final String HOLDS = "holds";
    public static final String FAILS = "fails";
    public static final String INCONCLUSIVE = "inconclusive";
    /** The file a run, validation or reproduction folder keeps its verdicts in. */
    public static final String FILE = "verdicts.json";

    /** One line for a terminal: {@code claim: verdict (value)}. */
    public String line() {
        return claim + ": " + verdict + " (" + value + ")";
    }
}
