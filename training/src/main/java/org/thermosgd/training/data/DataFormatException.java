package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that is not what its format promises; the message is one line naming the file, expected and found. */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
