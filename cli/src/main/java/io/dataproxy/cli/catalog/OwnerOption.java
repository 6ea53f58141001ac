package io.dataproxy.cli.catalog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** {@code --owner}: who holds a reservation. The default is stable across runs, so reserve and release match. */
public final class OwnerOption {

    @Option(names = "--owner", paramLabel = "OWNER", description = "The reservation's owner (default: user@host).")
    String owner;

    String id() {
        return owner != null ? owner : System.getProperty("user.name") + "@" + host();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
