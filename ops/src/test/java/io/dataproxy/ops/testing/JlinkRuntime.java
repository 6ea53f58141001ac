package io.dataproxy.ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java runtime made by {@code jlink} from a service's module list (the file its Dockerfile reads), so a
 * test can start the service on exactly the JDK modules its image has. Built once into the build
 * directory and reused while the module list is unchanged.
 */
public final class JlinkRuntime {

    private JlinkRuntime() {
    }

    /** Whether this JDK can make runtimes: a {@code jlink} and the JDK's {@code jmods}. For {@code @EnabledIf}. */
    public static boolean available() {
        Path home = Path.of(System.getProperty("java.home"));
        return Files.isExecutable(home.resolve("bin/jlink")) && Files.isDirectory(home.resolve("jmods"));
    }

    /** The modules named in {@code moduleList}: one per line, {@code #} comments and blank lines ignored. */
    public static List<String> modules(Path moduleList) {
        try {
            return Files.readAllLines(moduleList).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The runtime for {@code moduleList} in {@code dir}, made with the Dockerfiles' jlink options.
     *
     * @return its {@code bin/java}
     */
    public static Path build(Path moduleList, Path dir) throws IOException, InterruptedException {
        String modules = String.join(",", modules(moduleList));
        Path stamp = dir.resolve("dataproxy-modules");
        Path java = dir.resolve("bin/java");
        if (Files.isExecutable(java) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(modules)) {
            return java;
        }
        deleteRecursively(dir);
        Files.createDirectories(dir.getParent());
        Path log = dir.resolveSibling(dir.getFileName() + ".jlink.log");
        Process jlink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--add-modules", modules, "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
                "--output", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!jlink.waitFor(3, TimeUnit.MINUTES)) {
            jlink.destroyForcibly();
            throw new IllegalStateException("jlink did not finish in 3 minutes");
        }
        if (jlink.exitValue() != 0) {
            throw new IllegalStateException("jlink failed (" + jlink.exitValue() + "): " + Files.readString(log));
        }
        Files.writeString(stamp, modules);
        return java;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
