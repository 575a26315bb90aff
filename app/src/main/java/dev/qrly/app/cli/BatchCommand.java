package dev.qrly.app.cli;

import dev.qrly.core.DomainException;
import dev.qrly.core.batch.BatchCsv;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.BatchService;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code qr batch}: many codes from a CSV file into one ZIP archive, made by a qrly service
 * (dynamic codes, {@code --server}) or here ({@code --offline}, static codes).
 */
public final class BatchCommand {

    static final String HELP = """
            Usage: qr batch INPUT.csv -o OUT.zip (--server URL [--api-key KEY] | --offline) [options]

            Makes a QR code for each row of INPUT.csv and writes their images, with a manifest.csv
            listing every row, to the ZIP archive OUT.zip.

            INPUT.csv is UTF-8 with a header row naming its columns: destination (required), slug,
            label, tags (separated by | or a quoted ,). A semicolon or a tab may replace the comma.
            At most 10,000 rows.

            With --server, the service makes a dynamic code a row: it stores the codes, the images
            encode their short URLs, and their destinations can change later. Progress shows while
            it works; the batch goes on on the service if this command is stopped. With --offline,
            no service is needed: each image encodes the row's destination itself (a static code,
            which cannot be changed or tracked); slugs and tags do not apply.

            Options:
              -o, --output FILE    where to write the ZIP archive (required)
              --server URL         the qrly service to make the codes, e.g. http://localhost:8080
              --api-key KEY        its API key (default: the QR_API_KEY environment variable)
              --offline            make static codes here, without a service
              --format LIST        image formats, comma-separated: png, svg, pdf (default svg,png)
              --size LIST          PNG widths in px, 64 to 4096, up to 4 comma-separated (default 300)
              --ecl L|M|Q|H        error correction level (default M)
              --margin MODULES     quiet zone around each code, 0 to 16 (default 4)
              --fg #RRGGBB         colour of the dark modules (default #000000)
              --bg #RRGGBB         background colour, or 'transparent' (default #FFFFFF)
              --tags LIST          tags added to every code, comma-separated (--server only)
              -h, --help           show this help

            Give exactly one of --server and --offline. Colours must contrast by at least 3:1, dark
            on light. A row that cannot make a code is reported as 'row N (line L): field: message'
            and listed in the manifest with its error, and the other rows go on: on a service, a
            bad destination, a slug taken or repeated, a label over 200 characters; offline, a bad
            destination or one too long for a QR code at that level (or for the PNG size).

            Exit status: 0 the archive is written and every row made a code; 3 the archive is
            written but some rows failed (listed on standard error); 2 bad arguments, or an input,
            option or key the service refuses; 1 the service cannot be reached, answers with an
            error of its own (5xx) or fails the batch, or the archive cannot be written.
            """;

    private static final Set<String> VALUED = Set.of("-o", "--output", "--server", "--api-key", "--format", "--size", "--ecl",
            "--margin", "--fg", "--bg", "--tags");
    private static final Set<String> FLAGS = Set.of("--offline", "-h", "--help");

    /** Rows in flight per rendering thread in an offline batch: enough to keep every thread busy. */
    private static final int ROWS_IN_FLIGHT_PER_THREAD = 4;

    /** Waits; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * What a run takes from its surroundings, so that tests can choose it.
     *
     * @param env the environment variables ({@code QR_API_KEY}); not null
     * @param out standard output; not null
     * @param err standard error, where progress and problems go; not null
     * @param terminal whether {@code err} is a terminal, where progress is one line redrawn in place
     * @param clock for the rate and time left; not null
     * @param sleeper waits between two looks at a batch's progress; not null
     */
    public record Context(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, InstantSource clock,
            Sleeper sleeper) {

        public Context {
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
        }

        /** The process's environment, the system clock, and standard error a terminal if it looks like one. */
        public static Context system(PrintStream out, PrintStream err) {
            return new Context(System.getenv(), out, err, Progress.onTerminal(), Clock.systemUTC(), Thread::sleep);
        }
    }

    private BatchCommand() {}

    /**
     * Runs {@code qr batch} with the arguments after the command name.
     *
     * @return the exit status: 0 every row made a code, 3 some rows failed, 2 bad arguments or an
     *     input the service refuses, 1 a failure of the service or of writing the archive
     */
    public static int run(String[] argv, Context context) {
        try {
            Args args = Args.parse(argv, VALUED, FLAGS);
            if (args.has("--help") || args.has("-h")) {
                context.out().print(HELP);
                return 0;
            }
            BatchRequest request = BatchRequest.of(args, context.env());
            checkReadable(request.input());
            return make(request, context);
        } catch (UsageException e) {
            context.err().println("qr batch: " + e.getMessage() + " (see qr batch --help)");
            return 2;
        } catch (CommandFailure e) {
            context.err().println("qr batch: " + e.getMessage());
            return e.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.err().println("qr batch: interrupted");
            return 1;
        }
    }

    private static void checkReadable(Path input) throws CommandFailure {
        if (!Files.exists(input)) {
            throw new CommandFailure(2, input + ": no such file");
        }
        if (!Files.isRegularFile(input)) {
            throw new CommandFailure(2, input + ": not a file");
        }
        if (!Files.isReadable(input)) {
            throw new CommandFailure(2, input + ": cannot read the file (permission denied)");
        }
    }

    /**
     * Makes the batch into a hidden file beside the output, then moves it into place in one step,
     * so that OUT.zip is either the whole archive or untouched. The file is made first, so that an
     * output that cannot be written is known before any work.
     */
    private static int make(BatchRequest request, Context context) throws CommandFailure, InterruptedException {
        Path output = request.output();
        Path temporary = temporaryBeside(output);
        temporary.toFile().deleteOnExit();
        try {
            BatchResult result = switch (request.mode()) {
                case BatchRequest.Remote remote -> remotely(remote, request, temporary, context);
                case BatchRequest.Local local -> locally(request, temporary, context);
            };
            try {
                Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | SecurityException e) {
                throw new CommandFailure(1, "cannot write " + output + ": " + CommandFailure.describe(e));
            }
            report(result, output, context.err());
            return result.failed() == 0 ? 0 : 3;
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and harmless
            }
        }
    }

    /**
     * A new empty hidden file in the output's folder. Made with {@code createFile}, not
     * {@code createTempFile}, so that it gets the permissions any new file gets (the archive is
     * meant to be shared), not those of a private temporary file.
     */
    private static Path temporaryBeside(Path output) throws CommandFailure {
        Path folder = output.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path candidate = folder.resolve(".qr-batch-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 9) {
                    throw new CommandFailure(1, "cannot write " + output + ": no free temporary name in its folder");
                }
            } catch (IOException | SecurityException e) {
                throw new CommandFailure(1, "cannot write " + output + ": " + CommandFailure.describe(e));
            }
        }
    }

    private static BatchResult remotely(BatchRequest.Remote remote, BatchRequest request, Path temporary, Context context)
            throws CommandFailure, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build()) {
            return new ServerBatch(http, remote.server(), remote.apiKey(), remote.keyName(), context)
                    .run(request.input(), request.input().toString(), request.options(), temporary, request.output().toString());
        }
    }

    private static BatchResult locally(BatchRequest request, Path temporary, Context context)
            throws CommandFailure, InterruptedException {
        Path input = request.input();
        List<BatchRow> rows;
        try {
            rows = BatchCsv.read(Files.readAllBytes(input), BatchService.MAX_ROWS);
        } catch (IOException e) {
            throw new CommandFailure(2, input + ": cannot read the file: " + e.getMessage());
        } catch (DomainException e) {
            throw new CommandFailure(2, input + ": " + e.getMessage());
        }
        if (rows.stream().anyMatch(row -> row.item().slug() != null || !row.item().tags().isEmpty())) {
            context.err().println("qr batch: --offline makes static codes, which have no slug or tags: those columns are ignored");
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService renderers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "batch-render");
            thread.setDaemon(true);
            return thread;
        });
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
            Progress progress = new Progress(context.err(), context.terminal(), context.clock());
            return new OfflineBatch(request.options(), renderers, threads * ROWS_IN_FLIGHT_PER_THREAD).write(rows, out, progress);
        } catch (IOException e) {
            throw new CommandFailure(1, "cannot write " + request.output() + ": " + CommandFailure.describe(e));
        } finally {
            renderers.shutdownNow();
        }
    }

    /** The summary line, then each failed row the batch lists. */
    private static void report(BatchResult result, Path output, PrintStream err) {
        err.println("qr batch: wrote " + output + ": " + count(result.total(), "row") + ", " + count(result.created(), "code")
                + " made, " + count(result.failed(), "row") + " failed");
        for (BatchResult.FailedRow row : result.listed()) {
            err.println("  " + row.describe());
        }
        int unlisted = result.failed() - result.listed().size();
        if (unlisted > 0) {
            err.println("  and " + count(unlisted, "more row") + " failed: manifest.csv in the archive lists every row with its error");
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
