package org.thermosgd.training.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.thermosgd.tensors.TensorFile;

/**
 * The bytes of a data file, gunzipped when the file starts with the gzip magic, with the SHA-256 of the file as
 * stored on disk and of its (decompressed) content. Verification uses the content digest, so a plain file and its
 * gzip-compressed form verify against the same constant. Content is never read (nor inflated) beyond the size its
 * format declares: a {@link Limit} computes it from the first bytes before the rest is read.
 */
public record RawFile(Path path, byte[] content, String fileSha256, String contentSha256) {
    /** Bytes of content a {@link Limit} is shown (fewer when the content is shorter). */
    public static final int HEAD = 1024;
    /** The most content bytes held in one array. */
    public static final long MAX_CONTENT = Integer.MAX_VALUE - 8;

    /**
     * The most content bytes a file may hold, from its first (up to {@link #HEAD}) content bytes; where these are
     * no valid header, their own length lets the format's parser say what is wrong.
     */
    @FunctionalInterface
    public interface Limit {
        long of(byte[] head) throws DataFormatException;
    }

    /** Reads a file of at most {@link #MAX_CONTENT} content bytes. */
    public static RawFile read(Path path) throws IOException {
        return read(path, head -> MAX_CONTENT);
    }

    /** Reads a file whose content may not exceed what {@code limit} says (and {@link #MAX_CONTENT}). */
    public static RawFile read(Path path, Limit limit) throws IOException {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path, TensorFile.whyNotAFile(path));
        }
        MessageDigest fileMd = Sha256.digest();
        try (InputStream file = Files.newInputStream(path);
             BufferedInputStream stored = new BufferedInputStream(new DigestInputStream(file, fileMd), 1 << 16)) {
            stored.mark(2);
            boolean gzip = stored.read() == 0x1f && stored.read() == 0x8b;
            stored.reset();
            byte[] content;
            if (gzip) {
                try {
                    content = bounded(path, new GZIPInputStream(stored, 1 << 16), limit, size, true);
                } catch (DataFormatException e) {
                    throw e;
                } catch (ZipException | EOFException e) {
                    throw new DataFormatException(path, "starts like gzip but does not decompress (" + e.getMessage()
                            + "); expected a complete .gz file or an uncompressed one");
                }
                stored.transferTo(java.io.OutputStream.nullOutputStream());
            } else {
                content = bounded(path, stored, limit, size, false);
            }
            String fileSha = HexFormat.of().formatHex(fileMd.digest());
            return new RawFile(path, content, fileSha, gzip ? Sha256.of(content) : fileSha);
        }
    }

    /** All of {@code in}, refused as soon as it runs past the limit its head declares. */
    private static byte[] bounded(Path path, InputStream in, Limit limit, long stored, boolean gzip)
            throws IOException {
        byte[] head = in.readNBytes(HEAD);
        long max = Math.min(MAX_CONTENT, limit.of(head));
        if (!gzip && stored > max) {
            throw new DataFormatException(path, "holds " + stored + " bytes, more than the " + max + " its header"
                    + " declares (trailing data)");
        }
        if (gzip && stored > max + max / 64 + (1 << 16)) {
            throw new DataFormatException(path, "holds " + stored + " compressed bytes, more than any gzip of the "
                    + max + " bytes its header declares");
        }
        byte[] rest = in.readNBytes((int) Math.max(0, max - head.length));
        if (head.length > max || in.read() >= 0) {
            throw new DataFormatException(path, "the data runs past the declared " + max + " bytes"
                    + (gzip ? " (decompressed)" : ""));
        }
        byte[] all = new byte[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    public boolean compressed() {
        return !fileSha256.equals(contentSha256);
    }
}
