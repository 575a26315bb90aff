package dev.qrly.app.cli;

/** A command line that cannot be carried out as given; the message names the argument. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
