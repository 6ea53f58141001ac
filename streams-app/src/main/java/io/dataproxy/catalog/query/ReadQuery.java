package io.dataproxy.catalog.query;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.GoDuration;
import io.dataproxy.wire.CommandPosition;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * One read of the HTTP path, as the Kafka path's query record ({@code GetArtifact}, {@code ListArtifacts},
 * {@code GetDataset}) so that the same rules answer it, plus the position to wait for ({@code after}) and how long
 * ({@code maxWait}: the {@code wait} parameter, capped).
 * Parameters (docs/wire-contract.md, "Reads over HTTP"): the dataset's {@code org} (optional), {@code project},
 * {@code domain}, {@code name}, {@code version}; then per path:
 * <ul>
 *   <li>{@code /catalog/v1/artifact}: {@code artifact_id} or {@code tag}, {@code max_age} (a duration: {@code 1h});</li>
 *   <li>{@code /catalog/v1/artifacts}: {@code tag}, {@code partition=key=value} (repeatable), {@code limit},
 *       {@code page_token};</li>
 *   <li>{@code /catalog/v1/dataset}: nothing more.</li>
 * </ul>
 * Checks here are only about the form (a parameter the path does not know, a number that is not one); what the
 * values mean is left to the rules, which answer as they do on the Kafka path.
 */
record ReadQuery(String datasetKey, SpecificRecord body, Optional<CommandPosition> after, Duration maxWait) {

    static final String ARTIFACT = "/catalog/v1/artifact";
    static final String ARTIFACTS = "/catalog/v1/artifacts";
    static final String DATASET = "/catalog/v1/dataset";
    static final List<String> PATHS = List.of(ARTIFACT, ARTIFACTS, DATASET);

    private static final Set<String> COMMON = Set.of("org", "project", "domain", "name", "version", "after", "wait");
    private static final Map<String, Set<String>> OWN = Map.of(
            ARTIFACT, Set.of("artifact_id", "tag", "max_age"),
            ARTIFACTS, Set.of("tag", "partition", "limit", "page_token"),
            DATASET, Set.of());

    /**
     * @param maxWait what {@code wait} is capped to; also the wait when a read names a position without one
     * @throws BadRead with a sentence for the caller when the request is not a read of this form
     */
    static ReadQuery parse(String path, QueryParameters parameters, Duration maxWait) {
        Set<String> own = OWN.get(path);
        for (String name : parameters.names()) {
            if (!COMMON.contains(name) && !own.contains(name)) {
                throw new BadRead("unknown parameter '" + name + "' for " + path + "; it takes " + String.join(", ", COMMON)
                        + (own.isEmpty() ? "" : ", " + String.join(", ", own)));
            }
        }
        DatasetId dataset = DatasetId.newBuilder().setOrg(parameters.single("org").orElse(""))
                .setProject(required(parameters, "project")).setDomain(required(parameters, "domain"))
                .setName(required(parameters, "name")).setVersion(required(parameters, "version")).build();
        SpecificRecord body = switch (path) {
            case ARTIFACT -> GetArtifact.newBuilder().setDataset(dataset)
                    .setArtifactId(parameters.single("artifact_id").orElse(null))
                    .setTagName(parameters.single("tag").orElse(null))
                    .setMaxAge(parameters.single("max_age").map(text -> duration("max_age", text).toMillis()).orElse(null))
                    .build();
            case ARTIFACTS -> {
                ListArtifacts.Builder list = ListArtifacts.newBuilder().setDataset(dataset)
                        .setTagName(parameters.single("tag").orElse(null))
                        .setPartitions(partitions(parameters.all("partition")))
                        .setPageToken(parameters.single("page_token").orElse(null));
                parameters.single("limit").ifPresent(text -> list.setLimit(integer("limit", text)));
                yield list.build();
            }
            default -> GetDataset.newBuilder().setDataset(dataset).build();
        };
        Optional<CommandPosition> after = parameters.single("after").map(ReadQuery::position);
        Optional<Duration> wait = parameters.single("wait").map(text -> duration("wait", text));
        if (wait.isPresent() && after.isEmpty()) {
            throw new BadRead("wait is how long to wait for the position in after; it needs after");
        }
        if (wait.isPresent() && wait.get().isNegative()) {
            throw new BadRead("wait must not be negative");
        }
        Duration capped = wait.map(w -> w.compareTo(maxWait) > 0 ? maxWait : w).orElse(maxWait);
        return new ReadQuery(DatasetKeys.of(dataset), body, after, capped);
    }

    private static String required(QueryParameters parameters, String name) {
        return parameters.single(name).orElseThrow(() -> new BadRead("parameter '" + name + "' is required (the dataset is "
                + "org (optional), project, domain, name and version)"));
    }

    private static Map<String, String> partitions(List<String> values) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq < 1) {
                throw new BadRead("partition is key=value, was '" + value + "'");
            }
            if (filters.put(value.substring(0, eq), value.substring(eq + 1)) != null) {
                throw new BadRead("partition key '" + value.substring(0, eq) + "' is given twice");
            }
        }
        return filters;
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRead(name + " must be a whole number, was '" + text + "'");
        }
    }

    private static Duration duration(String name, String text) {
        try {
            return GoDuration.parse(name, text);
        } catch (ConfigException e) {
            throw new BadRead(name + " must be a duration such as 250ms, 30s or 1h, was '" + text + "'");
        }
    }

    private static CommandPosition position(String text) {
        try {
            return CommandPosition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRead("after: " + e.getMessage());
        }
    }
}
