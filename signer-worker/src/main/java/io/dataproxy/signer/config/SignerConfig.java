package io.dataproxy.signer.config;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import io.dataproxy.ops.HealthConfig;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.wire.TopicProvisioning;
import io.dataproxy.wire.LogSafe;
import io.dataproxy.wire.ReplyTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signer worker's configuration: every key in {@code signer-defaults.yaml}, typed and validated.
 * Built once at start; a bad value stops the worker with a message naming the key.
 */
public record SignerConfig(Map<String, String> kafka, Worker worker, Upload upload, Download download,
                           StorageConfig storage, Cleanup cleanup, HealthConfig health, TopicProvisioning.Creation topics) {

    private static final Pattern LEGAL_TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]+");

    /** SigV4 presigned URLs cannot live longer than seven days. */
    public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

    /** S3's bounds for the size of a part of a multipart upload (the last part may be smaller). */
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MAX_PART_SIZE = 5L << 30;

    /**
     * @param allowedReplyTopics        topics besides {@code replyTopic} a request may name in {@code kafka_replyTopic}
     * @param allowedReplyTopicPrefixes prefixes of such topics; a topic allowed by prefix is written only if it exists
     */
    public record Worker(String requestTopic, String replyTopic, String groupId, int maxInFlight,
                         int workerThreads, Duration commitInterval, Duration shutdownTimeout,
                         List<String> allowedReplyTopics, List<String> allowedReplyTopicPrefixes) {

        public Worker {
            allowedReplyTopics = List.copyOf(allowedReplyTopics);
            allowedReplyTopicPrefixes = List.copyOf(allowedReplyTopicPrefixes);
        }

        /** Replies only to {@code replyTopic}. */
        public Worker(String requestTopic, String replyTopic, String groupId, int maxInFlight, int workerThreads,
                      Duration commitInterval, Duration shutdownTimeout) {
            this(requestTopic, replyTopic, groupId, maxInFlight, workerThreads, commitInterval, shutdownTimeout, List.of(),
                    List.of());
        }

        /** Where a request may have its reply written. */
        public ReplyTopics replyTopics() {
            return new ReplyTopics(replyTopic, Set.copyOf(allowedReplyTopics), allowedReplyTopicPrefixes);
        }
    }

    public record Upload(long maxSize, Duration maxExpiresIn, int defaultFileNameLength, String storagePrefix,
                         boolean requireContentLength, Multipart multipart) {
    }

    /**
     * {@code dataproxy.upload.multipart.*} (docs/signer.md, Multipart uploads).
     *
     * @param partSize        bytes per part when a request does not say
     * @param abandonAfter    an upload not completed this long after its start is aborted
     * @param sweepInterval   how often uploads are checked for abandonment
     * @param maxPartsPerReply part URLs one reply carries at most; a client asks for the rest
     */
    public record Multipart(long partSize, Duration abandonAfter, Duration sweepInterval, int maxPartsPerReply) {
    }

    public record Download(Duration maxExpiresIn, boolean checkExists, int maxLinks) {
    }

    /** The storage clean-up ({@code cleanup.*}); its buckets are those of download links. */
    public record Cleanup(boolean enabled, String eventsTopic, String groupId, List<String> allowedPrefixes) {
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
                c.positiveDuration("signer.commitInterval"),
                c.positiveDuration("signer.shutdownTimeout"),
                topicNames(c, "signer.allowedReplyTopics"),
                topicPrefixes(c, "signer.allowedReplyTopicPrefixes"));
        refuseRepliesToRequests(worker);
        Upload upload = new Upload(
                c.positiveBytes("dataproxy.upload.maxSize"),
                presignExpiry(c, "dataproxy.upload.maxExpiresIn"),
                c.integer("dataproxy.upload.defaultFileNameLength", 1, 255),
                storagePrefix(c.optionalString("dataproxy.upload.storagePrefix").orElse("")),
                c.bool("dataproxy.upload.requireContentLength"),
                multipart(c));
        Download download = new Download(
                presignExpiry(c, "dataproxy.download.maxExpiresIn"),
                c.bool("dataproxy.download.checkExists"),
                c.integer("dataproxy.download.maxLinks", 1, 10_000));
        Cleanup cleanup = new Cleanup(
                c.bool("cleanup.enabled"),
                c.string("cleanup.eventsTopic"),
                c.string("cleanup.groupId"),
                allowedPrefixes(c, c.bool("cleanup.enabled")));
        return new SignerConfig(Map.copyOf(c.passThrough("kafka")), worker, upload, download, StorageConfig.from(c), cleanup,
                HealthConfig.from(c), topicCreation(c));
    }

    private static Multipart multipart(LayeredConfig c) {
        long partSize = c.positiveBytes("dataproxy.upload.multipart.partSize");
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new ConfigException("dataproxy.upload.multipart.partSize", "must be from 5Mi to 5Gi, S3's bounds for a part");
        }
        Duration abandonAfter = c.positiveDuration("dataproxy.upload.multipart.abandonAfter");
        Duration maxExpiresIn = c.positiveDuration("dataproxy.upload.maxExpiresIn");
        if (abandonAfter.compareTo(maxExpiresIn) < 0) {
            throw new ConfigException("dataproxy.upload.multipart.abandonAfter", "must be at least dataproxy.upload.maxExpiresIn ("
                    + c.string("dataproxy.upload.maxExpiresIn") + "): an upload would be aborted while its part URLs still work");
        }
        return new Multipart(partSize, abandonAfter, c.positiveDuration("dataproxy.upload.multipart.sweepInterval"),
                c.integer("dataproxy.upload.multipart.maxPartsPerReply", 1, 10_000));
    }

    /** {@code topics.*}: whether to create missing topics at start-up, and how. */
    public static TopicProvisioning.Creation topicCreation(LayeredConfig c) {
        int replicationFactor = c.integer("topics.replicationFactor", -1, 32);
        if (replicationFactor == 0) {
            throw new ConfigException("topics.replicationFactor", "must be -1 (the broker's default.replication.factor) or 1..32");
        }
        return new TopicProvisioning.Creation(c.bool("topics.create"), c.integer("topics.partitions", 1, 10_000),
                (short) replicationFactor);
    }

    private static List<String> allowedPrefixes(LayeredConfig c, boolean enabled) {
        String key = "cleanup.allowedPrefixes";
        List<String> prefixes = c.strings(key);
        if (enabled && prefixes.isEmpty()) {
            throw new ConfigException(key, "must name at least one key prefix (such as uploads/) when cleanup.enabled"
                    + " is true; set it in the config file or with " + LayeredConfig.envName(key) + " (comma-separated)");
        }
        for (String prefix : prefixes) {
            // "" would allow the whole bucket; '.' segments could mean something else to a file-backed store
            List<String> segments = List.of(prefix.split("/", -1));
            if (prefix.startsWith("/") || prefix.contains("\\") || segments.contains(".") || segments.contains("..")) {
                throw new ConfigException(key, "'" + prefix + "' is not a plain key prefix; use segments separated"
                        + " by '/', without a leading '/', '.', '..' or '\\' (for example uploads/)");
            }
        }
        return prefixes;
    }

    /**
     * A reply written to the request topic would be read as a request: refused as another record type, it would be
     * dead-lettered and answered with an error reply, to the same topic, and so on for ever.
     */
    private static void refuseRepliesToRequests(Worker worker) {
        String requests = worker.requestTopic();
        if (worker.replyTopic().equals(requests)) {
            throw new ConfigException("signer.replyTopic", "'" + requests + "' is also signer.requestTopic; replies would be"
                    + " read as requests");
        }
        if (worker.allowedReplyTopics().contains(requests)) {
            throw new ConfigException("signer.allowedReplyTopics", "names signer.requestTopic '" + requests + "'; replies would"
                    + " be read as requests");
        }
        worker.allowedReplyTopicPrefixes().stream().filter(requests::startsWith).findFirst().ifPresent(prefix -> {
            throw new ConfigException("signer.allowedReplyTopicPrefixes", "'" + prefix + "' allows signer.requestTopic '"
                    + requests + "'; replies would be read as requests (use a longer prefix)");
        });
    }

    /** Names Kafka would take: its legal characters ({@code a-z A-Z 0-9 . _ -}), at most 249, neither "." nor "..". */
    private static List<String> topicNames(LayeredConfig c, String key) {
        List<String> names = c.strings(key);
        for (String name : names) {
            if (!ReplyTopics.isLegalTopicName(name)) {
                throw new ConfigException(key, "'" + LogSafe.text(name) + "' is not a valid Kafka topic name (1 to 249 of"
                        + " a-z A-Z 0-9 . _ -, not '.' or '..')");
            }
        }
        return names;
    }

    /**
     * Non-empty beginnings of topic names, of Kafka's legal characters. A prefix lets a requester pick any topic that
     * starts with it, so an empty one would allow every topic.
     */
    private static List<String> topicPrefixes(LayeredConfig c, String key) {
        List<String> prefixes = c.strings(key);
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || prefix.length() > 248 || !LEGAL_TOPIC_CHARACTERS.matcher(prefix).matches()) {
                throw new ConfigException(key, "'" + LogSafe.text(prefix) + "' is not a topic name prefix: give 1 to 248 of"
                        + " a-z A-Z 0-9 . _ - (for example dataproxy.url.replies.); an empty prefix would allow every topic");
            }
        }
        return prefixes;
    }

    private static Duration presignExpiry(LayeredConfig c, String key) {
        Duration d = c.positiveDuration(key);
        if (d.compareTo(MAX_PRESIGN_EXPIRY) > 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(key, c.string(key) + " is out of range; a presigned URL lives from 1s to 168h (7 days)");
        }
        return d;
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
