package io.dataproxy.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an HTTP server that takes connections but holds them until {@link #open()}: a server that
 * does not answer, and then does. Held connections are forwarded once it opens, so what a client still waits for
 * then goes through.
 */
final class GatedProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private GatedProxy(ServerSocket server, URI target) {
        this.server = server;
        this.target = target;
    }

    static GatedProxy to(URI target) throws IOException {
        GatedProxy proxy = new GatedProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
        Thread acceptor = new Thread(proxy::accept, "gated-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections taken while closed. */
    int held() {
        return held.get();
    }

    void open() {
        gate.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (gate.getCount() > 0) {
                    held.incrementAndGet();
                }
                Thread forward = new Thread(() -> forward(client), "gated-proxy-connection");
                forward.setDaemon(true);
                forward.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void forward(Socket client) {
        try {
            gate.await();
            Socket upstream = new Socket(target.getHost(), target.getPort());
            sockets.add(upstream);
            pump(upstream.getInputStream(), client.getOutputStream());
            pump(client.getInputStream(), upstream.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client or the test went away
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        Thread pump = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // a side closed
            }
        }, "gated-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws IOException {
        gate.countDown();
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
