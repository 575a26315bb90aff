package dev.qrly.app;

import dev.qrly.app.cli.Cli;

/** The program's entry point: {@code java -jar qrly.jar COMMAND …}, usually through {@code ./qr}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }
}
