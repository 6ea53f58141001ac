package io.dataproxy.signer.config;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import io.dataproxy.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signer worker's configuration: every key in {@code signer-defaults.yaml}, typed and validated.
 * Built once at start; a bad value stops the worker with a message naming the key.
 */
public record SignerConfig(Map<String, String> kafka, Worker worker, Upload upload, Download download,
                           StorageConfig storage) {

    /** SigV4 presigned URLs cannot live longer than seven days. */
    public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

    public record Worker(String requestTopic, String replyTopic, String groupId, int maxInFlight,
                         int workerThreads, Duration commitInterval, Duration shutdownTimeout) {
    }

    public record Upload(long maxSize, Duration maxExpiresIn, int defaultFileNameLength, String storagePrefix,
                         boolean requireContentLength) {
    }

    public record Download(Duration maxExpiresIn, boolean checkExists, int maxLinks) {
    }

    public static SignerConfig load(Path file, Map<String, String> env) {
        return from(LayeredConfig.load("signer-defaults.yaml", file, env, Set.of("kafka")));
    }

    public static SignerConfig from(LayeredConfig c) {
        Worker worker = new Worker(
                c.string("signer.requestTopic"),
                c.string("signer.replyTopic"),
                c.string("signer.groupId"),
                c.integer("signer.maxInFlight", 1, 1_000_000),
                c.integer("signer.workerThreads", 1, 1024),
                positive(c, "signer.commitInterval"),
                positive(c, "signer.shutdownTimeout"));
        Upload upload = new Upload(
                positiveSize(c, "dataproxy.upload.maxSize"),
                presignExpiry(c, "dataproxy.upload.maxExpiresIn"),
                c.integer("dataproxy.upload.defaultFileNameLength", 1, 255),
                storagePrefix(c.optionalString("dataproxy.upload.storagePrefix").orElse("")),
                c.bool("dataproxy.upload.requireContentLength"));
        Download download = new Download(
                presignExpiry(c, "dataproxy.download.maxExpiresIn"),
                c.bool("dataproxy.download.checkExists"),
                c.integer("dataproxy.download.maxLinks", 1, 10_000));
        return new SignerConfig(Map.copyOf(c.passThrough("kafka")), worker, upload, download, StorageConfig.from(c));
    }

    private static Duration positive(LayeredConfig c, String key) {
        Duration d = c.duration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive, was " + c.string(key));
        }
        return d;
    }

    private static Duration presignExpiry(LayeredConfig c, String key) {
        Duration d = positive(c, key);
        if (d.compareTo(MAX_PRESIGN_EXPIRY) > 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(key, c.string(key) + " is out of range; a presigned URL lives from 1s to 168h (7 days)");
        }
        return d;
    }

    private static long positiveSize(LayeredConfig c, String key) {
        long size = c.bytes(key);
        if (size <= 0) {
            throw new ConfigException(key, "must be positive, was " + c.string(key));
        }
        return size;
    }

    private static String storagePrefix(String prefix) {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        for (String segment : trimmed.isEmpty() ? List.<String>of() : List.of(trimmed.split("/"))) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw new ConfigException("dataproxy.upload.storagePrefix",
                        "'" + prefix + "' is not a plain path; use segments separated by '/', without '.', '..' or '\\'");
            }
        }
        return trimmed;
    }
}
