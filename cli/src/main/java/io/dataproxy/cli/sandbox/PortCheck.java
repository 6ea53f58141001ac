package io.dataproxy.cli.sandbox;

import io.dataproxy.cli.CliFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks up front that the sandbox's ports are free, so a taken port is one line naming the port and its flag
 * rather than a bind error from deep inside the broker.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(int port, String flag) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // like the servers themselves, so a port in TIME_WAIT after a previous sandbox counts as free
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw CliFailure.refused("port " + port + " is already in use (" + flag + ")",
                    "stop what uses it (is a sandbox already running?) or pick another port, e.g. " + flag + " "
                            + (port + 10000 <= 65535 ? port + 10000 : port - 1000));
        }
    }

    /** {@code port}, or a currently free one for 0 (for a port that must be known before its server starts). */
    static int orFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw CliFailure.refused("no free port for the catalog's read path: " + e.getMessage(), "pass --catalog-read-port");
        }
    }
}
