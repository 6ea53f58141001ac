package io.dataproxy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two Dockerfiles follow the same rules; what they run is tested in each module's JlinkRuntimeTest. */
class DockerfileTest {

    private static List<String> instructions(String module) throws IOException {
        String text = Files.readString(Repository.ROOT.resolve(module + "/Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @ParameterizedTest
    @CsvSource({"signer-worker, dataproxy-signer-worker, signer-image", "streams-app, dataproxy-streams-app, streams-app"})
    void multiStageJlinkOnGlibcAsNonRootWithLabelsAndAHealthCheck(String module, String artifact, String built) throws IOException {
        List<String> lines = instructions(module);
        assertThat(lines).contains("FROM ${JDK_IMAGE} AS build", "FROM ${JDK_IMAGE} AS jre", "FROM ${RUNTIME_IMAGE}");
        assertThat(lines).contains("ARG RUNTIME_IMAGE=debian:bookworm-slim").noneMatch(l -> l.contains("alpine"));
        assertThat(lines).anyMatch(l -> l.contains("./mvnw") && l.contains("-pl " + built + " -am") && l.contains("package"));
        // the runtime is made from the module list the tests start the service on
        assertThat(lines).contains("COPY " + module + "/src/main/jlink/modules /tmp/jlink-modules");
        assertThat(Repository.exists(module + "/src/main/jlink/modules")).isTrue();
        assertThat(lines).anyMatch(l -> l.startsWith("RUN jlink --add-modules") && l.contains("/tmp/jlink-modules"));
        assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=jre /opt/jre"));
        assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build /out/lib /app/lib"));

        assertThat(lines).contains("USER 10001:10001");
        assertThat(lines).anyMatch(l -> l.startsWith("LABEL ") && l.contains("org.opencontainers.image.version=\"${VERSION}\"")
                && l.contains("org.opencontainers.image.title=") && l.contains("org.opencontainers.image.revision="));
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/healthz"));
        // exec form: java is PID 1 and gets SIGTERM
        assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\"") && (l.contains("\"-jar\", \"/app/" + artifact + ".jar\"]")
                || l.contains("\"-cp\", \"/app/" + artifact + ".jar:/app/lib/*\"")));
        assertThat(Repository.exists(module + "/Dockerfile.dockerignore")).as("keeps target/ out of the context").isTrue();
    }

    /**
     * The build stage copies the Maven files before the sources (so a source change does not fetch the dependencies
     * again), and the parent pom names every module, so every module's pom must be there; it builds with -Dimage,
     * which leaves out the modules only the tests use.
     */
    @ParameterizedTest
    @CsvSource({"signer-worker", "streams-app"})
    void theDependencyLayerComesBeforeTheSourcesAndCopiesEveryModulesPom(String module) throws IOException {
        List<String> lines = instructions(module);
        String parent = Files.readString(Repository.ROOT.resolve("pom.xml"));
        List<String> modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(parent).results()
                .map(m -> m.group(1)).toList();
        assertThat(modules).isNotEmpty();
        for (String m : modules) {
            assertThat(lines).contains("COPY " + m + "/pom.xml " + m + "/");
        }
        int offline = indexOf(lines, "dependency:go-offline");
        int firstSources = indexOf(lines, "/src/main ");
        int packaging = indexOf(lines, " package");
        assertThat(offline).isPositive().isLessThan(firstSources);
        assertThat(firstSources).isLessThan(packaging);
        assertThat(lines.get(packaging)).contains("-Dimage").contains("-Dmaven.test.skip=true");
        assertThat(lines).noneMatch(l -> l.equals("COPY . ."));
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theCatalogGetsItsStateDirAndAnExecAllowedTmpdir() throws IOException {
        List<String> lines = instructions("streams-app");
        assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("-Djava.io.tmpdir=/var/lib/dataproxy/tmp"));
        assertThat(lines).anyMatch(l -> l.startsWith("RUN ") && l.contains("mkdir -p /var/lib/dataproxy/state /var/lib/dataproxy/tmp")
                && l.contains("chown -R dataproxy:dataproxy /var/lib/dataproxy"));
        assertThat(lines).anyMatch(l -> l.startsWith("ENV ") && l.contains("CATALOG_STATE_DIR=/var/lib/dataproxy/state"));
    }
}
