package org.thermosgd.tensors;

import java.io.IOException;
import java.nio.file.Path;

/** A tensor file that does not have the form its format requires: the message names the file, expected and found. */
public final class TensorFileException extends IOException {
    public TensorFileException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
