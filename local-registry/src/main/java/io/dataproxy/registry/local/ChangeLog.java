package io.dataproxy.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to the registry as one JSON line in {@code schemas.log}, fsync'd before the change is answered, and
 * replayed at start. A line torn by a crash mid-write is the last one; it is cut off on replay.
 */
final class ChangeLog implements Closeable {

    static final String FILE_NAME = "schemas.log";

    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ChangeLog(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (creating) the log in {@code dataDir}, feeding every recorded change to {@code replay} first. */
    static ChangeLog open(Path dataDir, Consumer<JsonNode> replay) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = lockOf(channel, dataDir);
            long goodLength = replay(file, replay);
            if (goodLength < channel.size()) {
                log.warn("Cutting a torn last line off {} at byte {}", file, goodLength);
                channel.truncate(goodLength);
                channel.force(true);
            }
            channel.position(goodLength);
            return new ChangeLog(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock lockOf(FileChannel channel, Path dataDir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("schema registry data dir " + dataDir + " is in use by another registry");
        }
        return lock;
    }

    /** @return the length of the file up to the end of its last complete line */
    private static long replay(Path file, Consumer<JsonNode> replay) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int lineStart = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            if (i > lineStart) {
                JsonNode change;
                try {
                    change = JSON.readTree(bytes, lineStart, i - lineStart);
                } catch (IOException e) {
                    throw new IOException(file + " line " + lineNumber + " is not JSON; the registry data is corrupt", e);
                }
                replay.accept(change);
            }
            lineStart = i + 1;
        }
        return lineStart;
    }

    void append(ObjectNode change) throws IOException {
        byte[] line = (JSON.writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        // An interrupted writer closes a FileChannel (and with it the lock), so the lock may be gone already.
        try {
            if (channel.isOpen()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
