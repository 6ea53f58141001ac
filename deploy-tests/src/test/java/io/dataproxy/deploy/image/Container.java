package io.dataproxy.deploy.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One container of an image under test, run as production would: non-root (uid 10001), read-only root file system,
 * no capabilities, no privilege escalation; on the host's network, so it reaches the test's broker, registry and
 * S3 server on loopback, and its health port is probed there.
 */
final class Container implements AutoCloseable {

    private final String name = "dataproxy-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final int healthPort;
    private final List<String> volumes = new ArrayList<>();

    /**
     * @param env     the service's configuration (environment variables)
     * @param tmpfs   writable scratch mounts, {@code path:options} (e.g. {@code /tmp:rw,exec}); root-owned, so only
     *                for paths made world-writable like {@code /tmp}
     * @param volumes writable paths backed by a fresh named volume each, which takes the image directory's owner (as a
     *                Kubernetes volume with the pod's fsGroup would be writable by the service's user)
     */
    Container(String image, Map<String, String> env, List<String> tmpfs, List<String> volumes) {
        this.healthPort = freePort();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
                "--read-only", "--user", "10001:10001", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        for (String mount : tmpfs) {
            args.add("--tmpfs");
            args.add(mount);
        }
        for (String path : volumes) {
            String volume = name + "-" + this.volumes.size();
            Podman.run(Duration.ofSeconds(30), "volume", "create", volume).orFail("podman volume create");
            this.volumes.add(volume);
            args.add("-v");
            args.add(volume + ":" + path);
        }
        env.forEach((k, v) -> {
            args.add("-e");
            args.add(k + "=" + v);
        });
        args.add("-e");
        args.add("HEALTH_PORT=" + healthPort);
        args.add(image);
        Podman.run(Duration.ofMinutes(1), args.toArray(String[]::new)).orFail("podman run " + image);
    }

    /** Waits until {@code /readyz} answers 200; fails with the container's log when {@code timeout} passes first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!running()) {
                throw new AssertionError("the container exited before it was ready:\n" + logs());
            }
            Thread.sleep(250); // polling interval of the readiness probe, not synchronisation: the deadline decides
        }
        throw new AssertionError("not ready within " + timeout + " (last /readyz status " + last + "):\n" + logs());
    }

    /** Sends SIGTERM, as an orchestrator stops a pod, and waits for the exit; the exit code and how long it took. */
    Stopped terminate(Duration grace) {
        long started = System.nanoTime();
        Podman.run(Duration.ofSeconds(30), "kill", "--signal", "TERM", name).orFail("podman kill --signal TERM");
        Podman.Result waited = Podman.run(grace.plusSeconds(10), "wait", name).orFail("podman wait");
        return new Stopped(Integer.parseInt(waited.stdout().strip()), Duration.ofNanos(System.nanoTime() - started));
    }

    record Stopped(int exitCode, Duration took) {
    }

    boolean running() {
        Podman.Result state = Podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", name);
        return state.exitCode() == 0 && state.stdout().strip().equals("true");
    }

    String logs() {
        Podman.Result logs = Podman.run(Duration.ofSeconds(30), "logs", name);
        return logs.stdout() + logs.stderr();
    }

    @Override
    public void close() {
        Podman.run(Duration.ofSeconds(60), "rm", "-f", "-t", "0", name);
        volumes.forEach(volume -> Podman.run(Duration.ofSeconds(30), "volume", "rm", "-f", volume));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
