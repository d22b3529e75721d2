package org.thermosgd.training.data;

import java.nio.file.Path;

/**
 * A file a data set was read from: the SHA-256 of the bytes on disk, of the decompressed content, and whether the
 * content matched the digest thermosgd expects for that file ({@code null} where no digest is known, as for
 * CIFAR-10).
 */
public record SourceFile(String role, Path path, long bytes, String sha256, String contentSha256, Boolean verified) {
}
