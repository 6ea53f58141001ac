package io.dataproxy.cli.dlq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = RedriveCommand.class,
        description = "Dead-letter topics (<topic>-dlt): records a service could not read. Read them with "
                + "`dataproxy tail <topic>-dlt` (the kafka_dlt-exception-message header says why).")
public final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: redrive");
    }
}
