package io.dataproxy.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API, on the JDK's {@link HttpURLConnection} and Jackson.
 *
 * <p>Confluent's own client ({@code io.confluent:kafka-schema-registry-client}) is not on Maven Central, so this
 * project carries this small one with just what its serdes need: register, look up, fetch by id, all cached.
 *
 * <p>Several base URLs may be given; on an I/O error the next one is tried. Basic-auth credentials are sent as an
 * {@code Authorization} header and never appear in log lines, exception messages or {@link #toString()}.
 *
 * <p>Why {@code HttpURLConnection} and not {@code java.net.http.HttpClient}: the latter keeps a selector thread
 * blocked in native code for as long as the JVM lives, and a JVM exits only after waiting up to 300 ms for such
 * threads; every CLI command paid that at its end. {@code HttpURLConnection} has no thread of its own (its keep-alive
 * cache's timer sleeps in Java) and loads fewer classes. Its timeouts are per connect and per read, not per request.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryEndpoint> endpoints;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /**
     * Each cache is emptied when it reaches this many entries: what a service sees is a handful of schemas and
     * subjects, and the bound keeps a stream of distinct ones (ids or topics a requester names) from growing the
     * heap. Emptying costs one registry call per schema afterwards, and happens only under such a stream.
     */
    static final int MAX_CACHED = 10_000;

    /** Comma-separated base URLs, optionally with user info in them; default timeouts. */
    public RestSchemaRegistryClient(String baseUrls) {
        this(Arrays.asList(baseUrls.split(",")), null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param baseUrls       one or more base URLs, each possibly comma-separated and possibly with user info
     * @param userInfo       {@code user:password} for basic auth that overrides the URLs' user info; null for none
     * @param connectTimeout TCP connect timeout
     * @param requestTimeout timeout of a whole request
     */
    public RestSchemaRegistryClient(
            List<String> baseUrls, String userInfo, Duration connectTimeout, Duration requestTimeout) {
        List<RegistryEndpoint> parsed = new ArrayList<>();
        for (String entry : baseUrls) {
            for (String url : entry.split(",")) {
                if (!url.isBlank()) {
                    parsed.add(RegistryEndpoint.parse(url, userInfo));
                }
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no schema registry URL given");
        }
        this.endpoints = List.copyOf(parsed);
        this.connectTimeoutMillis = timeoutMillis(connectTimeout);
        this.readTimeoutMillis = timeoutMillis(requestTimeout);
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id");
        cache(key, id, schema);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requiredInt(answer, "id");
        cache(key, id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(200, 0, "schema id " + id + " is a " + type + " schema, not AVRO");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.path("schema").asText());
        } catch (RuntimeException e) {
            // SchemaParseException mostly, but Avro 1.12 throws NullPointerException for an undefined type name
            throw new SchemaRegistryException(200, 0, "schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        if (schemasById.size() >= MAX_CACHED) {
            schemasById.clear();
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    private void cache(SubjectSchema key, int id, Schema schema) {
        if (idsBySubjectSchema.size() >= MAX_CACHED) {
            idsBySubjectSchema.clear();
        }
        idsBySubjectSchema.put(key, id);
        if (schemasById.size() >= MAX_CACHED) {
            schemasById.clear();
        }
        schemasById.putIfAbsent(id, schema);
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode call(String method, String path, String body) {
        IOException lastFailure = null;
        for (RegistryEndpoint endpoint : endpoints) {
            String url = endpoint.baseUrl() + path;
            Answer answer;
            try {
                answer = exchange(endpoint, url, method, body);
            } catch (IOException e) {
                requireNotInterrupted(method, url);
                log.warn("Schema registry {} {} failed: {}", method, url, e.toString());
                lastFailure = e;
                continue;
            }
            requireNotInterrupted(method, url);
            return parse(method, url, answer);
        }
        throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0,
                method + " " + path + " failed on every schema registry URL " + describeEndpoints() + ": " + lastFailure,
                lastFailure);
    }

    private Answer exchange(RegistryEndpoint endpoint, String url, String method, String body) throws IOException {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("not an http(s) URL: " + url, e);
        }
        try {
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setInstanceFollowRedirects(false);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", ACCEPT);
            if (endpoint.authorization() != null) {
                connection.setRequestProperty("Authorization", endpoint.authorization());
            }
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", CONTENT_TYPE);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text;
            if (in == null) {
                text = "";
            } else {
                try (InputStream stream = in) {
                    text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, text);
        } catch (IOException e) {
            connection.disconnect(); // a broken connection must not go back to the keep-alive cache
            throw e;
        }
    }

    /**
     * A blocking {@code HttpURLConnection} does not answer an interrupt, so it is looked at when the call returns:
     * a caller that gave up meanwhile (a request client whose request timed out interrupts the thread encoding it)
     * gets a failure, never a late answer that would let its record go out after all.
     */
    private static void requireNotInterrupted(String method, String url) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, method + " " + url + " interrupted");
        }
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private static JsonNode parse(String method, String url, Answer response) {
        int status = response.status();
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (status / 100 == 2) {
            if (json == null) {
                throw new SchemaRegistryException(status, 0, method + " " + url + " returned HTTP " + status
                        + " with a body that is not JSON: " + abbreviate(response.body()));
            }
            return json;
        }
        int errorCode = status;
        String message = abbreviate(response.body());
        if (json != null && json.has("error_code")) {
            errorCode = json.path("error_code").asInt(status);
            message = json.path("message").asText("");
        }
        throw new SchemaRegistryException(status, errorCode,
                method + " " + url + " returned HTTP " + status + " (error_code " + errorCode + "): " + message);
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(200, 0, "schema registry answer lacks an integer '" + field + "': "
                    + abbreviate(answer.toString()));
        }
        return value.intValue();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String describeEndpoints() {
        return endpoints.stream().map(RegistryEndpoint::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Nothing to release but the caches: idle connections are the JDK's keep-alive cache's to close. */
    @Override
    public void close() {
        idsBySubjectSchema.clear();
        schemasById.clear();
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + describeEndpoints();
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record Answer(int status, String body) {
    }
}
