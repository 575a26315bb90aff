package dev.qrly.app.cli;

import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.Style;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code qr batch} command line, checked: the CSV file to read, the archive to write, where the
 * codes are made and the options of every code. Every check names the argument at fault; whether
 * the CSV file can be read is left to the run.
 *
 * @param input the CSV file
 * @param output the ZIP archive to write; not a folder
 * @param mode where the codes are made
 * @param options the formats, PNG sizes, error correction, style and, on a service, extra tags
 */
record BatchRequest(Path input, Path output, Mode mode, BatchOptions options) {

    /** Where the codes are made. */
    sealed interface Mode {}

    /**
     * By the service at {@code server}, an absolute http(s) URL, with {@code apiKey}, which came
     * from {@code keyName} ({@code --api-key} or {@code QR_API_KEY}, named if the service refuses it).
     */
    record Remote(URI server, String apiKey, String keyName) implements Mode {}

    /** Here, as static codes. */
    record Local() implements Mode {}

    /** Engine field names and the option that carries each. */
    private static final Map<String, String> OPTION_FOR_FIELD = Map.of("foreground", "--fg", "background", "--bg",
            "margin", "--margin");

    /**
     * @param args the parsed command line
     * @param env the environment, for {@code QR_API_KEY}
     * @throws UsageException naming the first argument at fault
     */
    static BatchRequest of(Args args, Map<String, String> env) throws UsageException {
        return new BatchRequest(input(args), output(args), mode(args, env), options(args));
    }

    private static Path input(Args args) throws UsageException {
        List<String> positional = args.positional();
        if (positional.isEmpty()) {
            throw new UsageException("INPUT.csv is required: the file with a row per code");
        }
        if (positional.size() > 1) {
            throw new UsageException("unexpected argument '" + positional.get(1) + "' (one INPUT.csv at a time)");
        }
        return Path.of(positional.get(0));
    }

    private static Path output(Args args) throws UsageException {
        if (args.has("-o") && args.has("--output")) {
            throw new UsageException("-o and --output are the same option; give one");
        }
        String output = args.get("-o").or(() -> args.get("--output")).orElse(null);
        if (output == null) {
            throw new UsageException("-o OUT.zip is required: where to write the archive");
        }
        if (output.isBlank() || output.equals("-")) {
            throw new UsageException("-o needs a file name; the archive is not written to standard output");
        }
        if (Files.isDirectory(Path.of(output))) {
            throw new UsageException("-o names a folder; give the archive's file name, such as " + Path.of(output, "codes.zip"));
        }
        return Path.of(output);
    }

    private static Mode mode(Args args, Map<String, String> env) throws UsageException {
        boolean offline = args.has("--offline");
        String server = args.get("--server").orElse(null);
        if (offline && server != null) {
            throw new UsageException("give --server URL or --offline, not both");
        }
        if (offline) {
            for (String option : List.of("--api-key", "--tags")) {
                if (args.has(option)) {
                    throw new UsageException(option + " is for --server; static codes from --offline have none");
                }
            }
            return new Local();
        }
        if (server == null) {
            throw new UsageException("--server URL or --offline is required: where to make the codes");
        }
        URI uri;
        try {
            uri = new URI(server.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new UsageException("--server must be the service's http(s) URL, such as http://localhost:8080, not '" + server + "'");
        }
        String key = args.get("--api-key").orElse(null);
        String keyName = "--api-key";
        if (key == null) {
            key = env.get("QR_API_KEY");
            keyName = "QR_API_KEY";
        }
        if (key == null || key.isBlank()) {
            throw new UsageException("--api-key KEY (or the QR_API_KEY environment variable) is required with --server");
        }
        return new Remote(uri, key.strip(), keyName);
    }

    private static BatchOptions options(Args args) throws UsageException {
        List<ImageFormat> formats = formats(args.get("--format").orElse(null));
        List<Integer> sizes = sizes(args.get("--size").orElse(null));
        if (args.has("--size") && !formats.contains(ImageFormat.PNG)) {
            throw new UsageException("--size sets PNG widths, but --format has no png");
        }
        ErrorCorrection level;
        try {
            level = ErrorCorrection.parse(args.get("--ecl").orElse("M"), "errorCorrection");
        } catch (InvalidInputException e) {
            throw new UsageException("--ecl must be L, M, Q or H, not '" + args.get("--ecl").orElse("") + "'");
        }
        String bg = args.get("--bg").orElse(CodeStyle.DEFAULT.background());
        CodeStyle style;
        try {
            style = new CodeStyle(args.get("--fg").orElse(CodeStyle.DEFAULT.foreground()),
                    bg.equalsIgnoreCase("transparent") ? null : bg, args.integer("--margin", Style.DEFAULT_MARGIN, 0, Style.MAX_MARGIN));
        } catch (InvalidInputException e) {
            throw new UsageException(OPTION_FOR_FIELD.getOrDefault(e.field(), "--" + e.field()) + ": " + e.getMessage());
        }
        return new BatchOptions(formats, sizes, level, style, tags(args.get("--tags").orElse(null)));
    }

    /** The tags added to every code, checked as the service checks a code's tags so that no row fails for them. */
    private static List<String> tags(String text) throws UsageException {
        if (text == null) {
            return List.of();
        }
        List<String> tags = list(text).stream().distinct().toList();
        for (String tag : tags) {
            if (tag.length() > CodeService.MAX_TAG_LENGTH || tag.chars().anyMatch(Character::isISOControl)) {
                throw new UsageException("--tags: each tag is 1 to " + CodeService.MAX_TAG_LENGTH
                        + " characters without control characters; '" + tag + "' is not");
            }
        }
        if (tags.size() > CodeService.MAX_TAGS) {
            throw new UsageException("--tags takes at most " + CodeService.MAX_TAGS + " tags, not " + tags.size());
        }
        return tags;
    }

    private static List<ImageFormat> formats(String text) throws UsageException {
        if (text == null) {
            return BatchOptions.DEFAULT_FORMATS;
        }
        List<ImageFormat> formats = new ArrayList<>();
        for (String name : list(text)) {
            ImageFormat format = switch (name.toLowerCase(Locale.ROOT)) {
                case "png" -> ImageFormat.PNG;
                case "svg" -> ImageFormat.SVG;
                case "pdf" -> ImageFormat.PDF;
                default -> throw new UsageException("--format lists png, svg or pdf separated by commas; '" + name + "' is none of them");
            };
            if (formats.contains(format)) {
                throw new UsageException("--format names " + format.extension() + " twice");
            }
            formats.add(format);
        }
        if (formats.isEmpty()) {
            throw new UsageException("--format needs at least one of png, svg, pdf");
        }
        return formats;
    }

    private static List<Integer> sizes(String text) throws UsageException {
        if (text == null) {
            return BatchOptions.DEFAULT_SIZES;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String item : list(text)) {
            int size;
            try {
                size = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < PngRenderer.MIN_SIZE || size > PngRenderer.MAX_SIZE) {
                throw new UsageException("--size takes PNG widths from " + PngRenderer.MIN_SIZE + " to " + PngRenderer.MAX_SIZE
                        + " px, not '" + item + "'");
            }
            if (sizes.contains(size)) {
                throw new UsageException("--size names " + size + " twice");
            }
            sizes.add(size);
        }
        if (sizes.isEmpty() || sizes.size() > BatchOptions.MAX_SIZES) {
            throw new UsageException("--size takes 1 to " + BatchOptions.MAX_SIZES + " PNG widths, not " + sizes.size());
        }
        return sizes;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
