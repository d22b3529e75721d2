package org.thermosgd.training.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.thermosgd.run.MemoryBudget;

/**
 * A sequential classifier as data: an input shape C x H x W and a list of layers, each as PyTorch's module of the
 * same name computes it ({@code nn.Conv2d}, {@code nn.MaxPool2d}, {@code nn.ReLU}, {@code nn.Flatten},
 * {@code nn.Linear}). The last layer's output (one dimension) is the logits; the loss is softmax cross-entropy.
 *
 * <p>Parameter names follow PyTorch's state dict: modules are numbered from 0 in order, {@code flatten} not counted
 * (torchvision calls {@code torch.flatten} in {@code forward}); modules before the first {@code flatten} are
 * {@code features.N}, modules after it {@code classifier.N}, or {@code classifier} when it holds a single module;
 * with no {@code flatten} the names are plain {@code N} ({@code nn.Sequential}). A layer may set {@code name} to
 * override its prefix. Initialisation is torch.nn's default: weights and biases ~ U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) with fan_in = in_channels x kernel^2 (conv) or in_features (linear), drawn layer by layer,
 * weights before bias.
 */
public record NetworkSpec(String name, int[] input, List<Layer> layers) {
    /** The layer types a specification may use. */
    public static final Set<String> TYPES = Set.of("conv2d", "maxpool2d", "relu", "flatten", "linear");

    /** At most this many layers (VGG16 has 38). */
    public static final int MAX_LAYERS = 1000;

    /** The largest size of a flat float array, and so of a layer's output per sample or of the parameter vector. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** A layer name: PyTorch module-name segments (an identifier or a number) joined by dots. */
    public static final Pattern NAME = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(\\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*");

    /**
     * One layer. {@code out} is out_channels (conv2d) or out_features (linear); {@code in} the declared in_channels
     * or in_features, -1 when left to the previous layer; {@code kernel}, {@code stride}, {@code padding} in pixels
     * (square). {@code name} is the state-dict prefix, null for the default.
     */
    public record Layer(String type, int in, int out, int kernel, int stride, int padding, String name) {
        public Layer {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("layer type '" + type + "' must be one of " + String.join(", ",
                        TYPES.stream().sorted().toList()));
            }
        }

        public static Layer conv2d(int in, int out, int kernel, int padding) {
            return new Layer("conv2d", in, out, kernel, 1, padding, null);
        }

        public static Layer maxPool2d(int kernel) {
            return new Layer("maxpool2d", -1, -1, kernel, kernel, 0, null);
        }

        public static Layer relu() {
            return new Layer("relu", -1, -1, 0, 0, 0, null);
        }

        public static Layer flatten() {
            return new Layer("flatten", -1, -1, 0, 0, 0, null);
        }

        public static Layer linear(int in, int out) {
            return new Layer("linear", in, out, 0, 0, 0, null);
        }

        public boolean hasParameters() {
            return type.equals("conv2d") || type.equals("linear");
        }

        /** As PyTorch prints the module. */
        public String describe() {
            return switch (type) {
                case "conv2d" -> "Conv2d(" + in + ", " + out + ", kernel_size=" + kernel + ", stride=" + stride
                        + ", padding=" + padding + ")";
                case "maxpool2d" -> "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding="
                        + padding + ")";
                case "relu" -> "ReLU()";
                case "flatten" -> "Flatten()";
                default -> "Linear(in_features=" + in + ", out_features=" + out + ")";
            };
        }
    }

    public NetworkSpec {
        input = input.clone();
        layers = List.copyOf(layers);
        if (input.length != 3 || Arrays.stream(input).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("input must be [channels, height, width] with each >= 1, got "
                    + Arrays.toString(input));
        }
        if ((long) input[0] * input[1] * input[2] > MAX_ELEMENTS) {
            throw new IllegalArgumentException("input " + Arrays.toString(input) + " has "
                    + (long) input[0] * input[1] * input[2] + " values per image, more than the " + MAX_ELEMENTS
                    + " an array holds");
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("network '" + name + "' has no layers");
        }
        if (layers.size() > MAX_LAYERS) {
            throw new IllegalArgumentException("network '" + name + "' has " + layers.size() + " layers, more than"
                    + " the " + MAX_LAYERS + " a specification may have");
        }
        layers = resolve(input, layers);
        checkNames(layers, prefixes(layers));
        double p = 0;
        for (Layer l : layers) {
            // in double: a kernel near 2^31 makes in x k^2 x out overflow a long
            p += l.hasParameters() ? ((double) l.in() * (l.type().equals("conv2d") ? (double) l.kernel() * l.kernel()
                    : 1) + 1) * l.out() : 0;
        }
        if (p > MAX_ELEMENTS) {
            throw new IllegalArgumentException(String.format("network '%s' has %.0f parameters, more than the %d a"
                    + " parameter vector holds", name, p, MAX_ELEMENTS));
        }
    }

    /** Refuses a name that is not a module name and two layers with the same state-dict prefix. */
    private static void checkNames(List<Layer> layers, List<String> prefixes) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String n = layers.get(i).name();
            if (n != null && !NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).type() + "): name must be a"
                        + " module name like fc1 or features.0 (letters, digits and _ in segments joined by dots),"
                        + " found \"" + n + "\"");
            }
            String prefix = prefixes.get(i);
            if (prefix == null) {
                continue;
            }
            Integer before = seen.putIfAbsent(prefix, i);
            if (before != null) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).type() + "): name \"" + prefix
                        + "\" is already the name of layer " + before + " (" + layers.get(before).type() + "); each"
                        + " layer needs its own state-dict name");
            }
        }
    }

    @Override
    public int[] input() {
        return input.clone();
    }

    /** Fills in each layer's input size from the one before and checks that the shapes chain. */
    private static List<Layer> resolve(int[] input, List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        int[] shape = input.clone();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = "layer " + i + " (" + l.type() + ")";
            switch (l.type()) {
                case "conv2d" -> {
                    if (shape.length != 3) {
                        throw new IllegalArgumentException(where + " needs a [C, H, W] input, the layer before gives "
                                + show(shape));
                    }
                    positive(where, "out_channels", l.out());
                    positive(where, "kernel_size", l.kernel());
                    positive(where, "stride", l.stride());
                    if (l.padding() < 0) {
                        throw new IllegalArgumentException(where + ": padding must be >= 0, got " + l.padding());
                    }
                    if (l.in() >= 0 && l.in() != shape[0]) {
                        throw new IllegalArgumentException(where + " declares in_channels " + l.in()
                                + " but the layer before gives " + show(shape));
                    }
                    l = new Layer("conv2d", shape[0], l.out(), l.kernel(), l.stride(), l.padding(), l.name());
                    shape = new int[] {l.out(), spatial(where, shape[1], l), spatial(where, shape[2], l)};
                    elements(where, shape);
                }
                case "maxpool2d" -> {
                    if (shape.length != 3) {
                        throw new IllegalArgumentException(where + " needs a [C, H, W] input, the layer before gives "
                                + show(shape));
                    }
                    positive(where, "kernel_size", l.kernel());
                    positive(where, "stride", l.stride());
                    if (l.padding() < 0 || 2L * l.padding() > l.kernel()) {
                        throw new IllegalArgumentException(where + ": padding must be in [0, kernel_size/2], got "
                                + l.padding());
                    }
                    shape = new int[] {shape[0], spatial(where, shape[1], l), spatial(where, shape[2], l)};
                }
                case "flatten" -> shape = new int[] {elements(where, shape)};
                case "linear" -> {
                    if (shape.length != 1) {
                        throw new IllegalArgumentException(where + " needs a flat input, the layer before gives "
                                + show(shape) + " (add {\"type\": \"flatten\"} before it)");
                    }
                    positive(where, "out_features", l.out());
                    if (l.in() >= 0 && l.in() != shape[0]) {
                        throw new IllegalArgumentException(where + " declares in_features " + l.in()
                                + " but the layer before gives " + show(shape));
                    }
                    l = new Layer("linear", shape[0], l.out(), 0, 0, 0, l.name());
                    shape = new int[] {l.out()};
                }
                default -> {
                }
            }
            out.add(l);
        }
        if (shape.length != 1) {
            throw new IllegalArgumentException("the last layer must give the class scores (one dimension), it gives "
                    + show(shape));
        }
        return out;
    }

    private static void positive(String where, String field, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(where + ": " + field + " must be >= 1, got " + v);
        }
    }

    private static int spatial(String where, int size, Layer l) {
        long span = size + 2L * l.padding();
        if (span < l.kernel()) {
            throw new IllegalArgumentException(where + " with kernel_size " + l.kernel() + " and padding "
                    + l.padding() + " does not fit its input of size " + size);
        }
        long o = (span - l.kernel()) / l.stride() + 1;
        if (o > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": padding " + l.padding() + " gives an output of size " + o
                    + " from an input of size " + size + ", more than " + Integer.MAX_VALUE);
        }
        return (int) o;
    }

    /** The number of values of {@code shape}, refused beyond {@link #MAX_ELEMENTS}. */
    private static int elements(String where, int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException(where + " gives " + show(shape) + ", more than the "
                        + MAX_ELEMENTS + " values per sample an array holds");
            }
        }
        return (int) n;
    }

    static String show(int[] shape) {
        return shape.length == 1 ? "[" + shape[0] + "]" : Arrays.toString(shape);
    }

    /** The output shape of each layer ([C, H, W] or [features]). */
    public List<int[]> shapes() {
        List<int[]> out = new ArrayList<>();
        int[] shape = input.clone();
        for (Layer l : layers) {
            shape = switch (l.type()) {
                case "conv2d" -> new int[] {l.out(), spatial("", shape[1], l), spatial("", shape[2], l)};
                case "maxpool2d" -> new int[] {shape[0], spatial("", shape[1], l), spatial("", shape[2], l)};
                case "flatten" -> new int[] {elements("", shape)};
                case "linear" -> new int[] {l.out()};
                default -> shape;
            };
            out.add(shape);
        }
        return out;
    }

    public int classes() {
        int[] last = shapes().get(layers.size() - 1);
        return last[0];
    }

    /** Elements of one input image (C x H x W). */
    public int inputSize() {
        return (int) ((long) input[0] * input[1] * input[2]);
    }

    /** The state-dict prefix of each layer (null for flatten). */
    public List<String> prefixes() {
        return prefixes(layers);
    }

    private static List<String> prefixes(List<Layer> layers) {
        int firstFlatten = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).type().equals("flatten")) {
                firstFlatten = i;
                break;
            }
        }
        int after = 0;
        for (int i = firstFlatten + 1; firstFlatten >= 0 && i < layers.size(); i++) {
            after += layers.get(i).type().equals("flatten") ? 0 : 1;
        }
        List<String> out = new ArrayList<>();
        int module = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (i == firstFlatten) {
                module = 0;
            }
            if (l.type().equals("flatten")) {
                out.add(null);
                continue;
            }
            String prefix = firstFlatten < 0 ? String.valueOf(module)
                    : i < firstFlatten ? "features." + module
                    : after == 1 ? "classifier" : "classifier." + module;
            out.add(l.name() != null ? l.name() : prefix);
            module++;
        }
        return out;
    }

    /** The parameter tensors in state-dict order, with their offsets in the flat vector. */
    public List<ParameterBlock> blocks() {
        List<ParameterBlock> out = new ArrayList<>();
        List<String> prefixes = prefixes();
        long offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (!l.hasParameters()) {
                continue;
            }
            long[] w = l.type().equals("conv2d") ? new long[] {l.out(), l.in(), l.kernel(), l.kernel()}
                    : new long[] {l.out(), l.in()};
            ParameterBlock wb = new ParameterBlock(prefixes.get(i) + ".weight", offset, w);
            offset += wb.size();
            ParameterBlock bb = new ParameterBlock(prefixes.get(i) + ".bias", offset, new long[] {l.out()});
            offset += bb.size();
            out.add(wb);
            out.add(bb);
        }
        return out;
    }

    public long parameterCount() {
        long p = 0;
        for (ParameterBlock b : blocks()) {
            p += b.size();
        }
        return p;
    }

    /**
     * What training at a batch size costs: parameters, activations per sample (the input and every layer's output),
     * and the bytes estimated on the Java heap and in all.
     */
    public record Cost(long parameters, long activationsPerSample, int batch, double heapBytes, double totalBytes) {
        /** The network's parameters and activations in words, for error messages. */
        public String describe() {
            return String.format("%,d parameters and %,d activations per sample at batch %d", parameters,
                    activationsPerSample, batch);
        }
    }

    /** Samples a forward-only evaluation pass holds at once ({@code DnnlNetwork}'s evaluation chunk). */
    static final int EVALUATION_CHUNK = 256;

    /**
     * The memory training at {@code batch} takes, about: four float copies of the parameters on the heap (initial
     * values, a checkpoint's parameters and optimiser state, its encoding) and four off it (parameters, gradient,
     * optimiser state, weight-gradient buffers); each layer's output and its gradient at the batch, and the outputs of
     * a 256-sample evaluation pass.
     */
    public Cost cost(int batch) {
        long p = parameterCount();
        long a = inputSize();
        for (int[] shape : shapes()) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            a += n;
        }
        double heap = 4.0 * Float.BYTES * p;
        double total = heap + 4.0 * Float.BYTES * p + (double) Float.BYTES * a * (2.0 * batch + EVALUATION_CHUNK);
        return new Cost(p, a, batch, heap, total);
    }

    /**
     * Refuses, before anything is allocated, a network whose {@link #cost} at {@code batch} exceeds the JVM's
     * maximum heap or this machine's physical memory.
     */
    public void requireMemory(int batch) {
        Cost c = cost(batch);
        String what = "network '" + name + "' (" + c.describe() + ")";
        MemoryBudget.requireHeap(what, c.heapBytes());
        MemoryBudget.requireMemory(what, c.totalBytes());
    }

    /** fan_in of a parameter layer: in_channels x kernel^2 or in_features. */
    public static long fanIn(Layer l) {
        return l.type().equals("conv2d") ? (long) l.in() * l.kernel() * l.kernel() : l.in();
    }

    /** Reads a specification from JSON; errors name the file and the field. */
    public static NetworkSpec read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read a JSON network specification ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        try {
            return fromJson(root, file.getFileName().toString().replaceFirst("\\.json$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    static NetworkSpec fromJson(JsonNode root, String defaultName) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {\"input\": [C, H, W], \"layers\": [...]}");
        }
        JsonNode nameNode = root.get("name");
        if (nameNode != null && !nameNode.isTextual()) {
            throw new IllegalArgumentException("field 'name' must be a string, found " + nameNode);
        }
        String name = nameNode == null ? defaultName : nameNode.asText();
        JsonNode in = root.get("input");
        if (in == null || !in.isArray() || in.size() != 3 || !in.get(0).isInt() || !in.get(1).isInt()
                || !in.get(2).isInt()) {
            throw new IllegalArgumentException("field 'input' must be [channels, height, width], found "
                    + (in == null ? "nothing" : in.toString()));
        }
        JsonNode ls = root.get("layers");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            throw new IllegalArgumentException("field 'layers' must be a non-empty array of layers, found "
                    + (ls == null ? "nothing" : ls.toString()));
        }
        for (var it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("name", "input", "layers").contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (expected name, input, layers)");
            }
        }
        List<Layer> layers = new ArrayList<>();
        if (ls.size() > MAX_LAYERS) {
            throw new IllegalArgumentException("field 'layers' has " + ls.size() + " layers, more than the "
                    + MAX_LAYERS + " a specification may have");
        }
        for (int i = 0; i < ls.size(); i++) {
            if (!ls.get(i).isObject()) {
                throw new IllegalArgumentException("layers[" + i + "] must be an object {\"type\": ...}, found "
                        + ls.get(i));
            }
            layers.add(layer(ls.get(i), i));
        }
        return new NetworkSpec(name, new int[] {in.get(0).asInt(), in.get(1).asInt(), in.get(2).asInt()}, layers);
    }

    private static Layer layer(JsonNode n, int i) {
        String type = n.path("type").asText("");
        String where = "layers[" + i + "]";
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(where + ".type must be one of conv2d, maxpool2d, relu, flatten,"
                    + " linear, found " + (n.has("type") ? n.get("type").toString() : "nothing"));
        }
        Set<String> allowed = switch (type) {
            case "conv2d" -> Set.of("type", "name", "in_channels", "out_channels", "kernel_size", "stride",
                    "padding");
            case "maxpool2d" -> Set.of("type", "kernel_size", "stride", "padding");
            case "linear" -> Set.of("type", "name", "in_features", "out_features");
            default -> Set.of("type");
        };
        for (var it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' for " + type + " (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        JsonNode nameNode = n.get("name");
        if (nameNode != null && (!nameNode.isTextual() || !NAME.matcher(nameNode.asText()).matches())) {
            throw new IllegalArgumentException(where + ".name must be a module name like fc1 or features.0 (letters,"
                    + " digits and _ in segments joined by dots), found " + nameNode);
        }
        String name = nameNode == null ? null : nameNode.asText();
        return switch (type) {
            case "conv2d" -> {
                int k = integer(n, where, "kernel_size", -1);
                yield new Layer(type, integer(n, where, "in_channels", -1), integer(n, where, "out_channels", -1), k,
                        integer(n, where, "stride", 1), integer(n, where, "padding", 0), name);
            }
            case "maxpool2d" -> {
                int k = integer(n, where, "kernel_size", -1);
                yield new Layer(type, -1, -1, k, integer(n, where, "stride", k), integer(n, where, "padding", 0),
                        null);
            }
            case "linear" -> new Layer(type, integer(n, where, "in_features", -1),
                    integer(n, where, "out_features", -1), 0, 0, 0, name);
            default -> new Layer(type, -1, -1, 0, 0, 0, null);
        };
    }

    private static int integer(JsonNode n, String where, String field, int missing) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (missing == -1 && !field.startsWith("in_")) {
                throw new IllegalArgumentException(where + "." + field + " is required (an integer)");
            }
            return missing;
        }
        if (!v.isInt()) {
            throw new IllegalArgumentException(where + "." + field + " must be an integer, found " + v);
        }
        return v.asInt();
    }

    /** The specification as JSON, every size written out. */
    public String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("name", name);
        ArrayNode in = root.putArray("input");
        for (int d : input) {
            in.add(d);
        }
        ArrayNode ls = root.putArray("layers");
        for (Layer l : layers) {
            ObjectNode n = ls.addObject();
            n.put("type", l.type());
            if (l.name() != null) {
                n.put("name", l.name());
            }
            switch (l.type()) {
                case "conv2d" -> {
                    n.put("in_channels", l.in());
                    n.put("out_channels", l.out());
                    n.put("kernel_size", l.kernel());
                    n.put("stride", l.stride());
                    n.put("padding", l.padding());
                }
                case "maxpool2d" -> {
                    n.put("kernel_size", l.kernel());
                    n.put("stride", l.stride());
                    n.put("padding", l.padding());
                }
                case "linear" -> {
                    n.put("in_features", l.in());
                    n.put("out_features", l.out());
                }
                default -> {
                }
            }
        }
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A table: each layer as PyTorch prints it, its output shape, and its parameter count. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(": input ").append(show(input)).append(" (C x H x W, float32 in [0, 1])\n");
        sb.append(String.format("  %-3s %-16s %-58s %-16s %s%n", "#", "name", "layer", "output", "parameters"));
        List<int[]> shapes = shapes();
        List<String> prefixes = prefixes();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long p = l.hasParameters() ? fanIn(l) * l.out() + l.out() : 0;
            sb.append(String.format("  %-3d %-16s %-58s %-16s %,d%n", i, prefixes.get(i) == null ? "-"
                    : prefixes.get(i), l.describe(), show(shapes.get(i)), p));
        }
        sb.append(String.format("  total parameters: %,d (float32); classes: %d%n", parameterCount(), classes()));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && s.name.equals(name) && Arrays.equals(s.input, input)
                && s.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(input)) + layers.hashCode();
    }
}
