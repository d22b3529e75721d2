package org.thermosgd.training.data;

import java.util.Arrays;

/**
 * Labelled images held compactly as unsigned bytes, channel-major per image (NCHW), converted to floats in [0, 1]
 * (pixel / 255) only when a batch is asked for.
 */
public final class ImageSet {
    public static final int CLASSES = 10;
    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALE[v] = v * (1f / 255f);
        }
    }

    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] labels;
    /**
     * All images scaled to [0, 1], built for sets up to {@link #SCALED_LIMIT} values once as many images have been
     * converted one by one as the set holds (then the copy pays for itself: training, every epoch; not a diffusion
     * analysis that reads 2,000 of 60,000 images once).
     */
    private volatile float[] scaled;
    private final java.util.concurrent.atomic.AtomicLong converted = new java.util.concurrent.atomic.AtomicLong();
    /** Largest set (in values) kept scaled in memory: 64M floats, 256 MB (MNIST's training split is 47M). */
    static final long SCALED_LIMIT = 64L << 20;

    private ImageSet(String name, int count, int channels, int height, int width, byte[] pixels, byte[] labels) {
        this.name = name;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * @param pixels {@code count * channels * height * width} bytes, NCHW
     * @param labels {@code count} bytes, each in 0..9 (callers check and report the file)
     */
    public static ImageSet of(String name, int channels, int height, int width, byte[] pixels, byte[] labels) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape " + channels + "x" + height + "x" + width
                    + " must be positive");
        }
        long per = (long) channels * height * width;
        if (pixels.length != per * labels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " labels of " + per + " pixels each");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= CLASSES) {
                throw new IllegalArgumentException(name + ": label " + (labels[i] & 0xff) + " at index " + i
                        + ", expected 0..9");
            }
        }
        return new ImageSet(name, labels.length, channels, height, width, pixels, labels);
    }

    public String name() {
        return name;
    }

    public int size() {
        return count;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int pixelsPerImage() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** Writes image {@code i}, scaled to [0, 1], into {@code dst} starting at {@code offset}. */
    public void imageInto(int i, float[] dst, int offset) {
        int per = pixelsPerImage();
        int base = i * per;
        final byte[] px = pixels;
        final float[] scale = SCALE;
        for (int k = 0; k < per; k++) {
            dst[offset + k] = scale[px[base + k] & 0xff];
        }
    }

    /** The images at {@code indices}, scaled to [0, 1], as one row-major {@code [indices.length, C*H*W]} array. */
    public float[] images(int[] indices) {
        return images(indices, new float[indices.length * pixelsPerImage()]);
    }

    /** As {@link #images(int[])}, into {@code out} (length at least indices.length * C*H*W), which is returned. */
    public float[] images(int[] indices, float[] out) {
        int per = pixelsPerImage();
        float[] all = scaled(indices.length);
        for (int r = 0; r < indices.length; r++) {
            if (all != null) {
                System.arraycopy(all, indices[r] * per, out, r * per, per);
            } else {
                imageInto(indices[r], out, r * per);
            }
        }
        return out;
    }

    /**
     * The whole set scaled once (a copy per batch is then a bulk copy), or null while fewer images than the set holds
     * have been asked for, and always for sets above the limit.
     */
    private float[] scaled(int asked) {
        float[] s = scaled;
        if (s == null && (long) count * pixelsPerImage() <= SCALED_LIMIT && converted.addAndGet(asked) > count) {
            synchronized (this) {
                s = scaled;
                if (s == null) {
                    s = new float[count * pixelsPerImage()];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = SCALE[pixels[k] & 0xff];
                    }
                    scaled = s;
                }
            }
        }
        return s;
    }

    /** The first {@code n} images (a fixed, documented subset for quick runs). */
    public ImageSet head(int n) {
        if (n <= 0 || n > count) {
            throw new IllegalArgumentException("subset size " + n + " must be in 1.." + count + " for " + name);
        }
        if (n == count) {
            return this;
        }
        return new ImageSet(name + "[0:" + n + "]", n, channels, height, width,
                Arrays.copyOf(pixels, n * pixelsPerImage()), Arrays.copyOf(labels, n));
    }

    public int[] classCounts() {
        int[] c = new int[CLASSES];
        for (byte l : labels) {
            c[l & 0xff]++;
        }
        return c;
    }

    /** Mean and population standard deviation of all pixel values, in [0, 1] units. */
    public double[] pixelMeanStd() {
        long[] hist = new long[256];
        for (byte p : pixels) {
            hist[p & 0xff]++;
        }
        double n = pixels.length;
        double sum = 0;
        double sumSq = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            sum += hist[v] * x;
            sumSq += hist[v] * x * x;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean))};
    }
}
