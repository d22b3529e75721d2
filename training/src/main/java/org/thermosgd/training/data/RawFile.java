package org.thermosgd.training.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of a data file, gunzipped when the file starts with the gzip magic, with the SHA-256 of the file as
 * stored on disk and of its (decompressed) content. Verification uses the content digest, so a plain file and its
 * gzip-compressed form verify against the same constant.
 */
public record RawFile(Path path, byte[] content, String fileSha256, String contentSha256) {

    public static RawFile read(Path path) throws IOException {
        byte[] stored;
        try {
            stored = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path, "file not found");
        }
        byte[] content = stored;
        if (stored.length >= 2 && (stored[0] & 0xff) == 0x1f && (stored[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new DataFormatException(path, "starts like gzip but does not decompress (" + e.getMessage()
                        + "); expected a complete .gz file or an uncompressed one");
            }
        }
        String fileSha = Sha256.of(stored);
        return new RawFile(path, content, fileSha, content == stored ? fileSha : Sha256.of(content));
    }

    public boolean compressed() {
        return !fileSha256.equals(contentSha256);
    }
}
