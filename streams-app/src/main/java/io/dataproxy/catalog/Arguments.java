package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.wire.NativeUrl;
import io.dataproxy.wire.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The catalog's argument checks (docs/catalog.md); each failure is an {@code INVALID_ARGUMENT}. */
final class Arguments {

    static final int MAX_LIMIT = 1000;
    /**
     * Artifact ids and tag names are parts of store keys, which a changelog record carries beside the value: bounded
     * (in UTF-8 bytes) so that a record never outgrows Kafka's limits.
     */
    static final int MAX_ID_BYTES = 1024;
    /** A uri's key is at most 1,024 bytes; with a scheme and a bucket (or container and account), 2 KiB is ample. */
    static final int MAX_URI_BYTES = 2048;

    private Arguments() {
    }

    /** Every id field but {@code org} is required. */
    static void requireDatasetId(DatasetId id) {
        if (id == null) {
            throw CatalogException.invalid("dataset id is required");
        }
        require(id.getProject(), "dataset.project");
        require(id.getDomain(), "dataset.domain");
        require(id.getName(), "dataset.name");
        require(id.getVersion(), "dataset.version");
    }

    static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw CatalogException.invalid(field + " is required");
        }
    }

    /** Required, and at most {@link #MAX_ID_BYTES} bytes of UTF-8: for a name a write stores under (an id, a tag). */
    static void requireId(String value, String field) {
        require(value, field);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw CatalogException.invalid(field + " is " + bytes + " bytes of UTF-8; at most " + MAX_ID_BYTES + " are allowed");
        }
    }

    /**
     * A data value's uri names an object storage can hold and the clean-up can delete: {@code scheme://bucket/key} with
     * a key by {@link ObjectKeys}' rule (no empty, {@code .} or {@code ..} segments, no control or bidi characters, at
     * most 1,024 bytes), and at most {@link #MAX_URI_BYTES} in all (it is a key of the reference counts).
     */
    static void requireUri(DataValue value) {
        String field = "data value '" + value.getName() + "'";
        try {
            NativeUrl.parse(field, value.getUri());
        } catch (IllegalArgumentException e) {
            throw CatalogException.invalid(e.getMessage());
        }
        int bytes = value.getUri().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_URI_BYTES) {
            throw CatalogException.invalid(field + " has a uri of " + bytes + " bytes; at most " + MAX_URI_BYTES + " are allowed");
        }
    }

    /** Exactly one of {@code artifact_id} and {@code tag_name}. */
    static void requireArtifactIdOrTag(String artifactId, String tagName) {
        boolean byId = artifactId != null && !artifactId.isEmpty();
        boolean byTag = tagName != null && !tagName.isEmpty();
        if (byId == byTag) {
            throw CatalogException.invalid("exactly one of artifact_id and tag_name is required");
        }
    }

    static void requireNoDuplicates(List<String> values, String field) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw CatalogException.invalid(field + " lists '" + value + "' twice");
            }
        }
    }

    static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CatalogException.invalid("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** An absent value passes: {@code ttl} null means "never expires". */
    static void requirePositive(Long millis, String field) {
        if (millis != null && millis <= 0) {
            throw CatalogException.invalid(field + " must be positive, was " + millis
                    + (millis == 0 ? " (an artifact that expires as it is written could never be read; omit it to never expire)" : ""));
        }
    }

    static void requireNonNegative(Long millis, String field) {
        if (millis != null && millis < 0) {
            throw CatalogException.invalid(field + " must not be negative, was " + millis);
        }
    }

    /**
     * At least one value; each value named, its name unique within the artifact, and holding exactly one of inline
     * bytes or a uri; inline bytes, summed over the values, within {@code maxInlineBytes}.
     */
    static void requireData(List<DataValue> data, long maxInlineBytes) {
        if (data == null || data.isEmpty()) {
            throw CatalogException.invalid("an artifact needs at least one data value");
        }
        long inlineBytes = 0;
        Set<String> names = new HashSet<>();
        for (DataValue value : data) {
            require(value.getName(), "data value name");
            if (!names.add(value.getName())) {
                throw CatalogException.invalid("data value name '" + value.getName() + "' is given twice; names are unique within an artifact");
            }
            boolean inline = value.getInline() != null;
            boolean uri = value.getUri() != null && !value.getUri().isEmpty();
            if (inline == uri) {
                throw CatalogException.invalid("data value '" + value.getName() + "' needs exactly one of inline and uri");
            }
            if (inline) {
                inlineBytes += value.getInline().remaining();
            } else {
                requireUri(value);
            }
        }
        if (inlineBytes > maxInlineBytes) {
            throw CatalogException.invalid("inline data is " + inlineBytes + " bytes, over the bound of " + maxInlineBytes);
        }
    }
}
