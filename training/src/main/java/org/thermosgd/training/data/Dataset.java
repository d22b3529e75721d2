package org.thermosgd.training.data;

import java.util.List;

/** A train/test pair of image sets and the files they came from. */
public record Dataset(String name, ImageSet train, ImageSet test, List<SourceFile> files) {
}
