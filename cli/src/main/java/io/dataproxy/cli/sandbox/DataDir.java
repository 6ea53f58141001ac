package io.dataproxy.cli.sandbox;

import io.dataproxy.cli.CliFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sandbox's data directory: one subdirectory per part, held under a lock so two sandboxes never share it.
 * {@code --clean} removes only the parts the sandbox wrote, never anything else a user pointed it at.
 */
final class DataDir implements AutoCloseable {

    static final String KAFKA = "kafka";
    static final String S3 = "s3";
    static final String REGISTRY = "registry";
    static final String CATALOG = "catalog";
    static final String LOG = "sandbox.log";
    private static final List<String> PARTS = List.of(KAFKA, S3, REGISTRY, CATALOG, LOG);
    private static final String LOCK = ".lock";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDir open(Path dir, boolean clean) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw CliFailure.refused("another sandbox is using the data directory " + root,
                        "stop it first, or pass another --data-dir");
            }
            DataDir dataDir = new DataDir(root, channel, lock);
            if (clean) {
                dataDir.clean();
            }
            return dataDir;
        } catch (IOException e) {
            throw CliFailure.usage("cannot use data directory " + root + ": " + e, "pass a writable --data-dir");
        }
    }

    Path root() {
        return root;
    }

    Path part(String name) {
        return root.resolve(name);
    }

    private void clean() throws IOException {
        for (String part : PARTS) {
            Path path = root.resolve(part);
            if (!Files.exists(path)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(path)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
