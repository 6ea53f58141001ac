package io.dataproxy.bench.restore;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of the catalog process: by default this JVM's own, with every jar's manifest {@code Class-Path}
 * expanded. Run from {@code benchmarks.jar} that is the jar plus {@code lib/} (the bench module's runtime
 * dependencies, which hold {@code dataproxy-streams-app} and everything it needs); under Surefire it is the test
 * classpath, which Surefire may hide behind a manifest-only jar, hence the expansion.
 *
 * <p>It is a superset of the image's classpath (the broker, s3proxy, JMH, ... are on it too), but a class that is
 * never loaded costs the catalog nothing but an entry in the class loader's search path. The bench's own
 * {@code logback.xml} is on it as well, which is why the catalog process is given the image's logging
 * configuration explicitly.
 */
final class ChildClasspath {

    private ChildClasspath() {
    }

    static String ofThisJvm() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        List<String> paths = new ArrayList<>();
        entries.forEach(p -> paths.add(p.toString()));
        return String.join(File.pathSeparator, paths);
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return;
            }
            for (String ref : classPath.trim().split("\\s+")) {
                if (!ref.isEmpty()) {
                    // relative to the jar's directory; Surefire's manifest-only jar writes absolute file: URLs
                    URI uri = entry.getParent().toUri().resolve(ref);
                    add(Path.of(uri).normalize(), entries);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        }
    }
}
