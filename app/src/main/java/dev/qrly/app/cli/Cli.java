package dev.qrly.app.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code qr} command line: dispatches to one command and returns its exit status. */
public final class Cli {

    static final String HELP = """
            Usage: qr COMMAND [options]

            qrly makes QR codes and runs the dynamic QR code service. Commands:
              serve      run the service (API, redirects, images) on the embedded store
              generate   make one static QR code image (png, svg or pdf), offline
              batch      make a code for each row of a CSV file into a ZIP of images, on a
                         service (dynamic codes) or offline (static codes)
              admin-key  issue a new admin API key, offline (for an operator locked out)

            Run 'qr COMMAND --help' for a command's options.
            """;

    private Cli() {}

    /**
     * Runs one command line.
     *
     * @return the exit status: 0 success, 1 a failure of the environment (a file that cannot be
     *     written, a service that cannot be reached), 2 a bad command line, 3 a batch whose archive
     *     is written but some of whose rows failed
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.print(HELP);
            return 2;
        }
        String command = argv[0];
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        return switch (command) {
            case "generate" -> GenerateCommand.run(rest, out, err);
            case "batch" -> BatchCommand.run(rest, BatchCommand.Context.system(out, err));
            case "serve" -> dev.qrly.app.ServeCommand.run(rest, System.getenv(), out, err);
            case "admin-key" -> dev.qrly.app.AdminKeyCommand.run(rest, System.getenv(), out, err);
            case "-h", "--help", "help" -> {
                out.print(HELP);
                yield 0;
            }
            default -> {
                err.println("qr: unknown command '" + command + "' (see qr --help)");
                yield 2;
            }
        };
    }
}
