package io.dataproxy.cli.url;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A presigned POST as multipart/form-data (RFC 7578): every field of the form, then the body as the last field,
 * {@code file}, as storage requires. Written by hand because the JDK's HTTP client has no form encoder and the body
 * must stream (a library encoder would buffer or add a dependency for three lines of framing).
 */
final class FormBody {

    private final String boundary = "dataproxy-" + UUID.randomUUID();
    private final byte[] prefix;
    private final byte[] suffix;

    /**
     * @param fields the signer's form fields (names and values are its own: ASCII, no quotes or line breaks)
     */
    FormBody(Map<String, String> fields, String fileName) {
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(quotable(fileName)).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        suffix = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body: the fields, {@code file}'s bytes as they are read, the closing boundary. */
    InputStream stream(InputStream file) {
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(prefix), file, new ByteArrayInputStream(suffix))));
    }

    /** The file name is only informative (the form fixes the key): anything that could break the header goes. */
    private static String quotable(String name) {
        String kept = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return kept.isEmpty() ? "stdin" : kept;
    }
}
