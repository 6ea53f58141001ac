package io.dataproxy.cli;

import io.dataproxy.client.RequestFailed;
import io.dataproxy.config.ConfigException;
import io.dataproxy.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/** Turns whatever a command threw into a {@link CliFailure}: one line for a person and an exit code. */
final class FailureExplanation {

    private static final String SANDBOX_HINT =
            "is the sandbox running (./dataproxy sandbox)? Otherwise point --bootstrap-servers at your cluster";

    private FailureExplanation() {
    }

    static CliFailure of(Throwable thrown) {
        Throwable e = unwrap(thrown);
        if (e instanceof CliFailure failure) {
            return failure;
        }
        if (e instanceof RequestFailed failed) {
            return CliFailure.failed("the service answered " + failed.getMessage(), hintFor(failed), e);
        }
        if (e instanceof TimeoutException || e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return CliFailure.unreachable("no answer in time (" + e.getMessage() + ")",
                    "is the service running? The sandbox runs all of them; raise --timeout if it is slow", e);
        }
        if (e instanceof SchemaRegistryException registry && registry.status() == SchemaRegistryException.NO_RESPONSE) {
            return CliFailure.unreachable("cannot reach the schema registry: " + e.getMessage(),
                    "is the sandbox running (./dataproxy sandbox)? Otherwise set --schema-registry-url", e);
        }
        if (e instanceof ConnectException) {
            return CliFailure.unreachable("cannot connect: " + e.getMessage(), SANDBOX_HINT, e);
        }
        if (e instanceof NoSuchFileException missing) {
            return CliFailure.usage("no such file: " + missing.getFile(), "check the path");
        }
        if (e instanceof AccessDeniedException denied) {
            return CliFailure.usage("permission denied: " + denied.getFile(), "check the file's permissions");
        }
        if (e instanceof ConfigException || e instanceof org.apache.kafka.common.config.ConfigException) {
            return CliFailure.usage("bad setting: " + e.getMessage(), "see --help");
        }
        if (e instanceof IOException) {
            return CliFailure.failed("I/O error: " + e, "--verbose shows the stack", e);
        }
        return CliFailure.failed("unexpected error: " + e, "--verbose shows the stack", e);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException
                || (t instanceof KafkaException && t.getCause() instanceof org.apache.kafka.common.config.ConfigException))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String hintFor(RequestFailed failed) {
        return switch (failed.code()) {
            case INVALID_ARGUMENT -> "check the arguments (see --help)";
            case NOT_FOUND -> "check the URL: s3://<bucket>/<key> of an object that exists";
            case PERMISSION_DENIED -> "the service does not allow this bucket or key";
            case DEADLINE_EXCEEDED -> "the service was too slow; retry, or raise --timeout";
            case ALREADY_EXISTS -> "it exists already";
            case UNIMPLEMENTED -> "the deployment's storage cannot do this; for an upload, use a single PUT (a file under"
                    + " --multipart-threshold)";
            default -> "retry; if it persists, look at the service's log";
        };
    }
}
