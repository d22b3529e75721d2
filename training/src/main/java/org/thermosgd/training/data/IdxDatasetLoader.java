package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads an MNIST-layout data set: four IDX files (train/test images and labels), each plain or {@code .gz}. */
final class IdxDatasetLoader {
    /** One expected file: its base name and the SHA-256 of its uncompressed content. */
    record Spec(String role, String baseName, String contentSha256) {
    }

    private IdxDatasetLoader() {
    }

    /** Finds {@code baseName} or {@code baseName.gz} in {@code dir}; null when neither exists. */
    static Path locate(Path dir, String baseName) {
        for (String candidate : new String[] {baseName, baseName + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static List<String> missing(Path dir, List<Spec> specs) {
        List<String> out = new ArrayList<>();
        for (Spec s : specs) {
            if (locate(dir, s.baseName()) == null) {
                out.add(s.baseName() + "[.gz]");
            }
        }
        return out;
    }

    /** specs: train images, train labels, test images, test labels. */
    static Dataset load(String name, Path dir, List<Spec> specs) throws IOException {
        List<String> missing = missing(dir, specs);
        if (!missing.isEmpty()) {
            throw new DataFormatException(dir, name + " files missing: " + String.join(", ", missing));
        }
        List<SourceFile> files = new ArrayList<>();
        ImageSet train = split(name + "/train", dir, specs.get(0), specs.get(1), files);
        ImageSet test = split(name + "/test", dir, specs.get(2), specs.get(3), files);
        return new Dataset(name, train, test, List.copyOf(files));
    }

    private static ImageSet split(String name, Path dir, Spec imageSpec, Spec labelSpec, List<SourceFile> files)
            throws IOException {
        IdxReader.IdxArray images = IdxReader.read(locate(dir, imageSpec.baseName()), 3);
        IdxReader.IdxArray labels = IdxReader.read(locate(dir, labelSpec.baseName()), 1);
        verify(imageSpec, images.source(), files);
        verify(labelSpec, labels.source(), files);
        if (images.count() != labels.count()) {
            throw new DataFormatException(labels.source().path(), "holds " + labels.count() + " labels, expected "
                    + images.count() + " to match the images in " + images.source().path().getFileName());
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= ImageSet.CLASSES) {
                throw new DataFormatException(labels.source().path(), "label " + (l[i] & 0xff) + " at index " + i
                        + ", expected 0..9");
            }
        }
        return ImageSet.of(name, 1, images.dims()[1], images.dims()[2], images.data(), l);
    }

    private static void verify(Spec spec, RawFile raw, List<SourceFile> files) throws IOException {
        boolean ok = spec.contentSha256().equals(raw.contentSha256());
        if (!ok) {
            throw new DataFormatException(raw.path(), "content SHA-256 " + raw.contentSha256() + ", expected "
                    + spec.contentSha256() + " (the published " + spec.baseName() + "); the file is corrupt or a"
                    + " different data set");
        }
        files.add(new SourceFile(spec.role(), raw.path(), Files.size(raw.path()), raw.fileSha256(),
                raw.contentSha256(), true));
    }
}
