package io.dataproxy.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Azurite, Microsoft's Azure Storage emulator (the npm package, pinned in {@code azurite/package-lock.json}: 3.37.0,
 * which speaks the service version the Azure SDK signs with, so no version check is skipped), as a
 * process of its own on a free loopback port. It checks shared-key and SAS signatures (service and user-delegation SAS)
 * as Azure does. {@link #plain()} answers http with the well-known emulator account; {@link #withOAuth()} answers
 * https (a self-signed certificate made here) and takes bearer tokens, which user-delegation keys need.
 *
 * <p>Installed with {@code npm ci} into {@code target/azurite} of the module under test, once. Needs Node.js and npm.
 */
public final class Azurite implements AutoCloseable {

    /** The emulator's well-known account and key (Azurite's documentation). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String CERT_PASSWORD = "azurite-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static Azurite plain;
    private static Azurite oauth;

    private final Process process;
    private final Path log;
    private final URI serviceUrl;
    private final SSLContext trust;

    private Azurite(Process process, Path log, URI serviceUrl, SSLContext trust) {
        this.process = process;
        this.log = log;
        this.serviceUrl = serviceUrl;
        this.trust = trust;
    }

    /** One http emulator per test JVM, stopped when the JVM exits. */
    public static synchronized Azurite plain() {
        if (plain == null) {
            plain = start(false);
        }
        return plain;
    }

    /** One https emulator taking OAuth tokens per test JVM. */
    public static synchronized Azurite withOAuth() {
        if (oauth == null) {
            oauth = start(true);
        }
        return oauth;
    }

    /** {@code http(s)://127.0.0.1:<port>/devstoreaccount1}: what {@code storage.connection.endpoint} takes. */
    public URI serviceUrl() {
        return serviceUrl;
    }

    /** Trusts the https emulator's certificate; null for the http one. */
    public SSLContext trust() {
        return trust;
    }

    /**
     * A bearer token the emulator's basic OAuth mode accepts: it checks audience, issuer and times, not a signature
     * (there is no Entra ID here). The object id is what a user-delegation SAS names as {@code skoid}.
     */
    public static String token(String objectId, Instant now) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long s = now.getEpochSecond();
        String claims = "{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/" + "72f988bf-86f1-41af-91ab-2d7cd011db47/\","
                + "\"iat\":" + (s - 60) + ",\"nbf\":" + (s - 60) + ",\"exp\":" + (s + 3600) + ",\"oid\":\"" + objectId
                + "\",\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\"}";
        return header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Azurite start(boolean https) {
        Path dir = install();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(dir.resolve("node_modules/.bin/azurite-blob").toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--inMemoryPersistence"));
        SSLContext trust = null;
        if (https) {
            Path cert = certificate(dir);
            command.addAll(List.of("--cert", cert.toString(), "--pwd", CERT_PASSWORD, "--oauth", "basic"));
            trust = trusting(cert);
        }
        Path log = dir.resolve("azurite-" + port + ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            awaitPort(process, port, log);
            return new Azurite(process, log, URI.create((https ? "https" : "http") + "://127.0.0.1:" + port + "/" + ACCOUNT), trust);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Azurite (" + command.get(0) + ")", e);
        }
    }

    /** {@code npm ci} of the pinned package into target/azurite, unless it is there already. */
    private static synchronized Path install() {
        Path dir = Path.of("target", "azurite").toAbsolutePath();
        if (Files.isExecutable(dir.resolve("node_modules/.bin/azurite-blob"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            for (String file : List.of("package.json", "package-lock.json")) {
                try (InputStream in = Azurite.class.getResourceAsStream("/azurite/" + file)) {
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci of Azurite failed; see " + dir.resolve("npm.log") + ": "
                        + Files.readString(dir.resolve("npm.log")));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Azurite needs Node.js and npm on the PATH (Debian: apt-get install nodejs npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    private static Path certificate(Path dir) {
        Path pfx = dir.resolve("azurite-cert.pfx");
        if (Files.exists(pfx)) {
            return pfx;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "azurite", "-keyalg", "RSA",
                    "-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", pfx.toString(), "-storepass", CERT_PASSWORD, "-keypass", CERT_PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            return pfx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(Path pfx) {
        try (InputStream in = Files.newInputStream(pfx)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, CERT_PASSWORD.toCharArray());
            Certificate certificate = keys.getCertificate("azurite");
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("azurite", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS); // a deadline loop: wakes early only if it died
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("Azurite did not listen on " + port + " within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    /** What the emulator logged (nothing unless it failed: it runs silent). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
