package io.dataproxy.cli;

/** The exit codes of every {@code dataproxy} command, as the help and README document them. */
public final class ExitCodes {

    /** Done (for the sandbox: stopped cleanly by Ctrl-C or SIGTERM). */
    public static final int OK = 0;
    /** The operation failed: the service answered with an error, storage refused, or an unexpected error. */
    public static final int FAILED = 1;
    /** Bad usage: unknown flag, missing argument, bad value, missing file, unknown topic. */
    public static final int USAGE = 2;
    /** Kafka, the schema registry or S3 could not be reached, or no reply came in time. */
    public static final int UNREACHABLE = 3;
    /** Refused because of the current state: a port in use, a consumer group with active members, a file in the way. */
    public static final int REFUSED = 4;

    private ExitCodes() {
    }
}
