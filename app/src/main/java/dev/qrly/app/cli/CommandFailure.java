package dev.qrly.app.cli;

/**
 * A command that cannot go on, with the exit status it ends with and one line saying why (without
 * the command's name, which the command adds).
 */
final class CommandFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the exit status, 1 or more
     * @param message one line naming what is wrong: the argument, the file or the server
     */
    CommandFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    /** A file error in a few words. */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
