package org.thermosgd.tensors;

import java.io.IOException;
import java.nio.file.Path;
import org.thermosgd.sde.io.OneLine;

/**
 * A tensor file that does not have the form its format requires: the message names the file, expected and found, on
 * one line (control characters from the file, such as a newline in an entry name, are shown escaped).
 */
public final class TensorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public TensorFileException(Path file, String problem) {
        this(String.valueOf(file), problem);
    }

    /** {@code where}: the file, or {@code file:entry} for an archive member. */
    public TensorFileException(String where, String problem) {
        super(oneLine(where + ": " + problem));
    }

    static String oneLine(String text) {
        return OneLine.of(text);
    }
}
