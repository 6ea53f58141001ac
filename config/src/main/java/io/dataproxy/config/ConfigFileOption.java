package io.dataproxy.config;

import java.nio.file.Path;

/** The one command-line option our services take: {@code [--config FILE]} (or {@code --config=FILE}). */
public final class ConfigFileOption {

    private ConfigFileOption() {
    }

    /** The file named by {@code --config}, or null when there is none; anything else is a {@link ConfigException}. */
    public static Path parse(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else {
                throw new ConfigException("command line", "unknown argument '" + args[i] + "'; usage: [--config FILE]");
            }
        }
        return file;
    }
}
