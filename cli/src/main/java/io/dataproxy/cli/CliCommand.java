package io.dataproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every command: the shared {@code --json} and {@code --verbose} flags, the output streams, and the rule
 * that a failure is one line on stderr (with the stack only under {@code --verbose}) and a documented exit code.
 * Doing it here rather than in an exception handler means it holds however the CommandLine was built.
 */
public abstract class CliCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    protected boolean json;

    @Option(names = "--verbose", description = "Show stack traces and INFO logs.")
    protected boolean verbose;

    /** The command's work; returns the exit code. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Level rootLevel = root.getLevel();
        Level kafkaLevel = kafka.getLevel();
        if (verbose) {
            root.setLevel(Level.INFO);
            kafka.setLevel(Level.INFO);
        }
        try {
            return run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            CliFailure failure = FailureExplanation.of(e);
            PrintWriter err = err();
            err.println("dataproxy " + commandName() + ": " + failure.oneLine());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        } finally {
            out().flush();
            if (verbose) { // commands also run inside other programs (tests): leave their logging as it was
                root.setLevel(rootLevel);
                kafka.setLevel(kafkaLevel);
            }
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private String commandName() {
        String qualified = spec.qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }
}
