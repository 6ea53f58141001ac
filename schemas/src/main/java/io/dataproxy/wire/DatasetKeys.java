package io.dataproxy.wire;

import io.dataproxy.avro.catalog.DatasetId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The string form of a dataset id, {@code org/project/domain/name/version}: the key of every record
 * on the catalog's topics. Plain UTF-8, so console tools show it and every producer, in any language,
 * partitions the same way (murmur2 on these bytes).
 *
 * <p>Inside a field, {@code %} and {@code /} and control characters are percent-encoded
 * ({@code %25}, {@code %2F}, {@code %0A}...), so the five fields always split back apart and the key
 * never holds a raw control character (stores use {@code \u0000} as a separator after it).
 */
public final class DatasetKeys {

    private DatasetKeys() {
    }

    public static String of(DatasetId id) {
        return escape(id.getOrg()) + '/' + escape(id.getProject()) + '/' + escape(id.getDomain()) + '/'
                + escape(id.getName()) + '/' + escape(id.getVersion());
    }

    public static DatasetId parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("a dataset key has five '/'-separated fields (org/project/domain/name/version)");
        }
        List<String> fields = new ArrayList<>(5);
        for (String part : parts) {
            fields.add(unescape(part));
        }
        return DatasetId.newBuilder().setOrg(fields.get(0)).setProject(fields.get(1)).setDomain(fields.get(2))
                .setName(fields.get(3)).setVersion(fields.get(4)).build();
    }

    static String escape(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%' || c == '/' || Character.isISOControl(c)) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String field) {
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%' && i + 2 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The key's bytes, as producers send them. */
    public static byte[] bytes(DatasetId id) {
        return of(id).getBytes(StandardCharsets.UTF_8);
    }
}
