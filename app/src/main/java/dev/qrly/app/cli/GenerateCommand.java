package dev.qrly.app.cli;

import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.render.Colour;
import dev.qrly.engine.render.PdfRenderer;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.Style;
import dev.qrly.engine.render.SvgRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code qr generate}: one static code, offline, written to a file or standard output. */
final class GenerateCommand {

    static final String HELP = """
            Usage: qr generate --data TEXT -o FILE [options]

            Makes one static QR code image, offline. The image encodes TEXT exactly; nothing is
            tracked (dynamic, trackable codes come from the service).

            Options:
              --data TEXT          what to encode (required), e.g. a URL, a WIFI:… string, text in any script
              -o, --output FILE    where to write the image; '-' writes it to standard output
              --format FORMAT      png, svg or pdf (default: from FILE's extension, .png, .svg or
                                   .pdf; png when FILE has none or is '-'; any other
                                   extension is refused unless --format is given)
              --size SIZE          png: width and height in px, 64 to 4096 (default 300, or the
                                   smallest that gives 3 px per module if larger);
                                   svg: optional width and height attributes in px;
                                   pdf: page size with a unit, mm, cm, in or pt (default 50mm)
              --ecl L|M|Q|H        error correction level (default M); raised for free when a
                                   higher level fits the same size
              --margin MODULES     quiet zone around the code, 0 to 16 (default 4)
              --fg #RRGGBB         colour of the dark modules (default #000000)
              --bg #RRGGBB         background colour, or 'transparent' for png and svg (default #FFFFFF)
              --allow-inverted     accept a foreground lighter than the background
              --version N          force the QR version, 1 to 40 (default: the smallest that fits)
              --mask N             force the mask pattern, 0 to 7 (default: the best one)
              -h, --help           show this help

            Colours must contrast by at least 3:1 (WCAG 2 ratio), dark on light.
            Exit status: 0 written, 2 bad arguments or data that does not fit, 1 the file could not be written.
            """;

    private static final Set<String> VALUED = Set.of("--data", "-o", "--output", "--format", "--size", "--ecl", "--margin",
            "--fg", "--bg", "--version", "--mask");
    private static final Set<String> FLAGS = Set.of("--allow-inverted", "-h", "--help");

    /** Engine field names and the option that carries each. */
    private static final Map<String, String> OPTION_FOR_FIELD = Map.of(
            "data", "--data", "size", "--size", "margin", "--margin", "foreground", "--fg", "background", "--bg",
            "version", "--version", "mask", "--mask", "errorCorrection", "--ecl");

    private static final Pattern LENGTH = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(mm|cm|in|pt)", Pattern.CASE_INSENSITIVE);

    private GenerateCommand() {}

    static int run(String[] argv, PrintStream out, PrintStream err) {
        try {
            Args args = Args.parse(argv, VALUED, FLAGS);
            if (args.has("--help") || args.has("-h")) {
                out.print(HELP);
                return 0;
            }
            if (!args.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
            }
            String output = output(args);
            Format format = format(args, output);
            byte[] image = render(args, format);
            return write(image, output, out, err);
        } catch (UsageException e) {
            err.println("qr generate: " + e.getMessage() + " (see qr generate --help)");
            return 2;
        } catch (InvalidInputException e) {
            String option = OPTION_FOR_FIELD.getOrDefault(e.field(), "--" + e.field());
            err.println("qr generate: " + option + ": " + e.getMessage());
            return 2;
        }
    }

    private enum Format { PNG, SVG, PDF }

    private static String output(Args args) throws UsageException {
        if (args.has("-o") && args.has("--output")) {
            throw new UsageException("-o and --output are the same option; give one");
        }
        String output = args.get("-o").or(() -> args.get("--output")).orElse(null);
        if (output == null) {
            throw new UsageException("-o FILE is required ('-' for standard output)");
        }
        if (output.isBlank()) {
            throw new UsageException("-o needs a file name");
        }
        return output;
    }

    /**
     * The format: {@code --format} when given (then any file name goes), else FILE's extension.
     * A name without an extension, and standard output, get png. Any other extension is refused
     * rather than filled with bytes of another format, which viewers would then reject.
     */
    private static Format format(Args args, String output) throws UsageException {
        String name = args.get("--format").orElse(null);
        if (name == null) {
            String file = output.substring(output.lastIndexOf('/') + 1);
            int dot = file.lastIndexOf('.');
            String extension = dot <= 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (output.equals("-") || extension.isEmpty()) {
                name = "png";
            } else if (Set.of("png", "svg", "pdf").contains(extension)) {
                name = extension;
            } else {
                throw new UsageException("-o " + output + ": cannot write a ." + file.substring(dot + 1)
                        + " file; name it .png, .svg or .pdf, or give --format png, svg or pdf");
            }
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "png" -> Format.PNG;
            case "svg" -> Format.SVG;
            case "pdf" -> Format.PDF;
            default -> throw new UsageException("--format must be png, svg or pdf, not '" + name + "'");
        };
    }

    private static byte[] render(Args args, Format format) throws UsageException {
        String data = args.require("--data");
        EncodeOptions options = EncodeOptions.defaults()
                .withErrorCorrection(ErrorCorrection.parse(args.get("--ecl").orElse("M"), "errorCorrection"));
        if (args.has("--version")) {
            options = options.withVersion(args.integer("--version", 0, EncodeOptions.MIN_VERSION, EncodeOptions.MAX_VERSION));
        }
        options = options.withMask(args.integer("--mask", -1, 0, 7));
        Style style = style(args, format);
        QrSymbol symbol = QrEncoder.encode(data, options);
        return switch (format) {
            case PNG -> {
                int size = args.has("--size")
                        ? args.integer("--size", 0, PngRenderer.MIN_SIZE, PngRenderer.MAX_SIZE)
                        : Math.max(300, PngRenderer.minimumSize(symbol, style));
                yield PngRenderer.render(symbol, style, size);
            }
            case SVG -> SvgRenderer.render(symbol, style, args.integer("--size", 0, 1, SvgRenderer.MAX_PIXELS))
                    .getBytes(StandardCharsets.UTF_8);
            case PDF -> PdfRenderer.render(symbol, style, millimetres(args.get("--size").orElse(null)));
        };
    }

    private static Style style(Args args, Format format) throws UsageException {
        Colour foreground = Colour.parse(args.get("--fg").orElse("#000000"), "foreground");
        String bg = args.get("--bg").orElse("#FFFFFF");
        Colour background = null;
        if (bg.equalsIgnoreCase("transparent")) {
            if (format == Format.PDF) {
                throw new UsageException("--bg transparent is for png and svg; a pdf page has no background to drop");
            }
        } else {
            background = Colour.parse(bg, "background");
        }
        int margin = args.integer("--margin", Style.DEFAULT_MARGIN, 0, Style.MAX_MARGIN);
        return new Style(foreground, background, margin, args.has("--allow-inverted"));
    }

    private static double millimetres(String size) throws UsageException {
        if (size == null) {
            return PdfRenderer.DEFAULT_SIZE_MM;
        }
        Matcher m = LENGTH.matcher(size.trim());
        if (!m.matches()) {
            throw new UsageException("--size for pdf is a length with a unit, mm, cm, in or pt (e.g. 50mm), not '" + size + "'");
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "cm" -> value * 10;
            case "in" -> value * 25.4;
            case "pt" -> value * 25.4 / 72;
            default -> value;
        };
    }

    private static int write(byte[] image, String output, PrintStream out, PrintStream err) {
        if (output.equals("-")) {
            out.write(image, 0, image.length);
            out.flush();
            return 0;
        }
        Path target = Path.of(output);
        Path temporary = null;
        try {
            Path parent = target.toAbsolutePath().getParent();
            temporary = Files.createTempFile(parent, ".qr-", ".tmp");
            Files.write(temporary, image);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return 0;
        } catch (IOException | SecurityException e) {
            err.println("qr generate: cannot write " + output + ": " + CommandFailure.describe(e));
            return 1;
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and harmless
                }
            }
        }
    }
}
