package io.dataproxy.cli;

/**
 * A failure explained for a person: what failed ({@link #getMessage()}), what to try ({@link #hint()}), and the
 * exit code. Commands throw it; {@link CliCommand} prints it as one line.
 */
public final class CliFailure extends RuntimeException {

    private final int exitCode;
    private final String hint;

    public CliFailure(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public static CliFailure usage(String message, String hint) {
        return new CliFailure(ExitCodes.USAGE, message, hint, null);
    }

    public static CliFailure failed(String message, String hint, Throwable cause) {
        return new CliFailure(ExitCodes.FAILED, message, hint, cause);
    }

    public static CliFailure unreachable(String message, String hint, Throwable cause) {
        return new CliFailure(ExitCodes.UNREACHABLE, message, hint, cause);
    }

    public static CliFailure refused(String message, String hint) {
        return new CliFailure(ExitCodes.REFUSED, message, hint, null);
    }

    public int exitCode() {
        return exitCode;
    }

    /** What to try, or null. */
    public String hint() {
        return hint;
    }

    /** {@code what failed; what to try} on one line. */
    public String oneLine() {
        String line = getMessage().replace('\n', ' ').strip();
        return hint == null ? line : line + "; " + hint;
    }
}
