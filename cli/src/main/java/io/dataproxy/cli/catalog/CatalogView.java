package io.dataproxy.cli.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.cli.Json;
import io.dataproxy.config.GoDuration;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the catalog's records look on the terminal and in {@code --json}. The JSON names follow the Avro fields; a
 * dataset is its {@code --dataset} form plus the org, so a value can be pasted back into a command.
 */
final class CatalogView {

    private static final int PREVIEW_CHARS = 60;

    private final Clock clock;

    CatalogView(Clock clock) {
        this.clock = clock;
    }

    // ---- JSON ----------------------------------------------------------------------------------

    ObjectNode json(Artifact artifact) {
        ObjectNode node = Json.object();
        node.put("dataset", DatasetOption.format(artifact.getDataset()));
        node.put("org", artifact.getDataset().getOrg());
        node.put("artifact_id", artifact.getArtifactId());
        ArrayNode data = node.putArray("data");
        for (DataValue value : artifact.getData()) {
            ObjectNode v = data.addObject().put("name", value.getName());
            if (value.getUri() != null) {
                v.put("uri", value.getUri());
            } else {
                byte[] bytes = bytes(value.getInline());
                v.put("size", bytes.length);
                v.put("inline_base64", Base64.getEncoder().encodeToString(bytes));
                String text = utf8(bytes);
                if (text != null) {
                    v.put("text", text);
                }
            }
        }
        stringMap(node.putObject("metadata"), artifact.getMetadata());
        stringMap(node.putObject("partitions"), artifact.getPartitions());
        artifact.getTags().forEach(node.putArray("tags")::add);
        node.put("created_at", artifact.getCreatedAt().toString());
        node.put("expires_at", artifact.getExpiresAt() == null ? null : artifact.getExpiresAt().toString());
        return node;
    }

    ObjectNode json(Dataset dataset) {
        ObjectNode node = Json.object();
        node.put("dataset", DatasetOption.format(dataset.getId()));
        node.put("org", dataset.getId().getOrg());
        stringMap(node.putObject("metadata"), dataset.getMetadata());
        dataset.getPartitionKeys().forEach(node.putArray("partition_keys")::add);
        return node;
    }

    ObjectNode json(Reservation reservation) {
        ObjectNode node = Json.object();
        node.put("dataset", DatasetOption.format(reservation.getDataset()));
        node.put("org", reservation.getDataset().getOrg());
        node.put("tag", reservation.getTagName());
        node.put("owner", reservation.getOwnerId());
        node.put("heartbeat_interval", GoDuration.format(Duration.ofMillis(reservation.getHeartbeatInterval())));
        node.put("expires_at", reservation.getExpiresAt().toString());
        return node;
    }

    // ---- text ----------------------------------------------------------------------------------

    /** One artifact as "field  value" lines. */
    List<String[]> fields(Artifact artifact) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"artifact", artifact.getArtifactId()});
        rows.add(new String[] {"dataset", dataset(artifact.getDataset())});
        rows.add(new String[] {"tags", artifact.getTags().isEmpty() ? "-" : String.join(", ", artifact.getTags())});
        rows.add(new String[] {"created", artifact.getCreatedAt().toString()});
        rows.add(new String[] {"expires", expiry(artifact.getExpiresAt())});
        if (!artifact.getPartitions().isEmpty()) {
            rows.add(new String[] {"partitions", pairs(artifact.getPartitions())});
        }
        if (!artifact.getMetadata().isEmpty()) {
            rows.add(new String[] {"metadata", pairs(artifact.getMetadata())});
        }
        String label = "data";
        for (DataValue value : artifact.getData()) {
            rows.add(new String[] {label, value.getName() + ": " + describe(value)});
            label = "";
        }
        return rows;
    }

    TextTable artifactTable(List<Artifact> artifacts) {
        TextTable table = new TextTable("ARTIFACT", "CREATED", "EXPIRES", "TAGS", "PARTITIONS", "DATA");
        for (Artifact a : artifacts) {
            table.row(a.getArtifactId(), a.getCreatedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    a.getExpiresAt() == null ? "never" : a.getExpiresAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    a.getTags().isEmpty() ? "-" : String.join(",", a.getTags()),
                    a.getPartitions().isEmpty() ? "-" : pairs(a.getPartitions()),
                    a.getData().stream().map(DataValue::getName).collect(Collectors.joining(",")));
        }
        return table;
    }

    TextTable datasetTable(List<Dataset> datasets) {
        TextTable table = new TextTable("DATASET", "ORG", "PARTITION KEYS", "METADATA");
        for (Dataset d : datasets) {
            table.row(DatasetOption.format(d.getId()), d.getId().getOrg().isEmpty() ? "-" : d.getId().getOrg(),
                    d.getPartitionKeys().isEmpty() ? "-" : String.join(",", d.getPartitionKeys()),
                    d.getMetadata().isEmpty() ? "-" : pairs(d.getMetadata()));
        }
        return table;
    }

    String expiry(Instant expiresAt) {
        if (expiresAt == null) {
            return "never";
        }
        Duration left = Duration.between(clock.instant(), expiresAt).truncatedTo(ChronoUnit.SECONDS);
        return expiresAt + (left.isNegative() || left.isZero() ? " (expired)" : " (in " + GoDuration.format(left) + ")");
    }

    static String dataset(io.dataproxy.avro.catalog.DatasetId id) {
        return DatasetOption.format(id) + (id.getOrg().isEmpty() ? "" : " (org " + id.getOrg() + ")");
    }

    private static String describe(DataValue value) {
        if (value.getUri() != null) {
            return value.getUri();
        }
        byte[] bytes = bytes(value.getInline());
        String text = utf8(bytes);
        if (text != null && text.length() <= PREVIEW_CHARS && text.chars().noneMatch(Character::isISOControl)) {
            return Json.line(Json.MAPPER.getNodeFactory().textNode(text)) + " (inline)";
        }
        return bytes.length + " bytes inline";
    }

    private static String pairs(Map<String, String> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static void stringMap(ObjectNode node, Map<String, String> map) {
        map.forEach(node::put);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** The bytes as text if they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
