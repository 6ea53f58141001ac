package io.dataproxy.deploy.image;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images under test, built here from their Dockerfiles with Podman on local Debian bases
 * ({@code deploy-tests/images/setup.sh} makes them, and installs Podman where it is missing). Each image is built
 * once per test run.
 */
final class Images {

    static final String JDK_IMAGE = "localhost/dataproxy/jdk:17";
    static final String RUNTIME_IMAGE = "localhost/dataproxy/debian-minbase:bookworm";

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();
    private static volatile boolean setUp;

    private Images() {
    }

    /** The tag of {@code module}'s image, built from {@code <module>/Dockerfile} with the repository as context. */
    static synchronized String build(String module) {
        return BUILT.computeIfAbsent(module, m -> {
            setUp();
            String tag = "localhost/dataproxy/" + m + ":test";
            Podman.exec(List.of("podman", "build", "--network", "host", "-f", m + "/Dockerfile",
                    "--build-arg", "JDK_IMAGE=" + JDK_IMAGE, "--build-arg", "RUNTIME_IMAGE=" + RUNTIME_IMAGE,
                    "--build-arg", "VERSION=test", "-t", tag, "."), Duration.ofMinutes(20), Podman.IMAGES_DIR.getParent().getParent())
                    .orFail("podman build of " + m);
            return tag;
        });
    }

    private static void setUp() {
        if (!setUp) {
            Podman.exec(List.of("bash", Podman.IMAGES_DIR.resolve("setup.sh").toString()), Duration.ofMinutes(15), null)
                    .orFail("images/setup.sh");
            setUp = true;
        }
    }

    /** The image's size in bytes, as podman reports it (uncompressed layers). */
    static long size(String tag) {
        return Long.parseLong(Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", tag)
                .orFail("podman image inspect").stdout().strip());
    }

    /** The jars in the image's {@code /app/lib}: the service's runtime dependencies. */
    static List<String> libraries(String tag) {
        return Podman.run(Duration.ofSeconds(60), "run", "--rm", "--network", "none", "--entrypoint", "ls", tag, "/app/lib")
                .orFail("listing /app/lib").stdout().lines().toList();
    }
}
