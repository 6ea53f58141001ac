package io.dataproxy.ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a module's build put things, found from one of its test classes (so it works with any build
 * directory, such as streams-app's {@code -Dstreams.build.dir}), and the runtime classpath the
 * dependency plugin wrote there ({@code runtime-classpath.txt}: what {@code target/lib}, and so the image, holds).
 */
public final class BuildOutput {

    public static final String RUNTIME_CLASSPATH_FILE = "runtime-classpath.txt";

    private final Path dir;

    private BuildOutput(Path dir) {
        this.dir = dir;
    }

    /** The build directory of the module {@code testClass} belongs to (the parent of its test-classes). */
    public static BuildOutput of(Class<?> testClass) {
        try {
            Path testClasses = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new BuildOutput(testClasses.getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path classes() {
        return dir.resolve("classes");
    }

    /** The module's runtime dependencies (jars, or a sibling module's classes directory in a reactor build). */
    public List<Path> runtimeDependencies() {
        Path file = dir.resolve(RUNTIME_CLASSPATH_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the module's pom writes it (dependency:build-classpath) before the tests");
        }
        try {
            String text = Files.readString(file).strip();
            List<Path> entries = new ArrayList<>();
            for (String entry : text.isEmpty() ? new String[0] : text.split(java.io.File.pathSeparator)) {
                entries.add(Path.of(entry));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classpath the service runs with: its classes, then its runtime dependencies, as in the image. */
    public String runtimeClasspath() {
        List<String> entries = new ArrayList<>();
        entries.add(classes().toString());
        runtimeDependencies().forEach(p -> entries.add(p.toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }
}
