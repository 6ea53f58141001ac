package io.dataproxy.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the Confluent Schema Registry REST API onto a {@link SchemaStore}. */
final class RegistryRoutes implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(RegistryRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;

    RegistryRoutes(SchemaStore store) {
        this.store = store;
    }

    /** What a route answers: a status and a JSON body. */
    private record Answer(int status, Object body) {
        static Answer ok(Object body) {
            return new Answer(200, body);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = route(exchange.getRequestMethod(), segments(exchange), query(exchange), exchange);
        } catch (RegistryError e) {
            answer = new Answer(e.status(), JSON.createObjectNode().put("error_code", e.errorCode()).put("message", e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Failed {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            answer = new Answer(500, JSON.createObjectNode().put("error_code", 50001).put("message", "Internal error: " + e));
        }
        byte[] body = JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private Answer route(String method, List<String> path, Map<String, String> query, HttpExchange exchange)
            throws RegistryError, IOException {
        int size = path.size();
        String head = size == 0 ? "" : path.get(0);
        switch (head) {
            case "" -> {
                if (size == 0 && method.equals("GET")) {
                    return Answer.ok(JSON.createObjectNode());
                }
            }
            case "schemas" -> {
                if (size == 2 && path.get(1).equals("types") && method.equals("GET")) {
                    return Answer.ok(List.of("AVRO"));
                }
                if (size >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
                    int id = parseId(path.get(2));
                    if (size == 3) {
                        return Answer.ok(JSON.createObjectNode().put("schema", store.schemaById(id).toString()));
                    }
                    if (size == 4 && path.get(3).equals("schema")) {
                        return Answer.ok(JSON.readTree(store.schemaById(id).toString()));
                    }
                    if (size == 4 && path.get(3).equals("versions")) {
                        ArrayNode versions = JSON.createArrayNode();
                        store.versionsOf(id).forEach(v -> versions.addObject().put("subject", v.subject()).put("version", v.version()));
                        return Answer.ok(versions);
                    }
                    if (size == 4 && path.get(3).equals("subjects")) {
                        return Answer.ok(store.versionsOf(id).stream().map(SchemaStore.Version::subject).distinct().toList());
                    }
                }
            }
            case "subjects" -> {
                return subjects(method, path, exchange);
            }
            case "config" -> {
                return config(method, path, query, exchange);
            }
            case "compatibility" -> {
                if (size == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    Schema candidate = schemaFrom(exchange);
                    List<String> problems = store.compatibilityProblems(path.get(2), path.get(4), candidate);
                    ObjectNode result = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
                    if ("true".equals(query.get("verbose"))) {
                        problems.forEach(result.putArray("messages")::add);
                    }
                    return Answer.ok(result);
                }
            }
            default -> {
            }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", path));
    }

    private Answer subjects(String method, List<String> path, HttpExchange exchange) throws RegistryError, IOException {
        int size = path.size();
        if (size == 1 && method.equals("GET")) {
            return Answer.ok(store.subjects());
        }
        if (size < 2) {
            throw notFound(method, path);
        }
        String subject = path.get(1);
        if (size == 2 && method.equals("POST")) {
            return Answer.ok(describe(store.lookup(subject, schemaFrom(exchange))));
        }
        if (size == 2 && method.equals("DELETE")) {
            return Answer.ok(store.deleteSubject(subject));
        }
        if (size == 3 && path.get(2).equals("versions")) {
            if (method.equals("GET")) {
                return Answer.ok(store.versions(subject));
            }
            if (method.equals("POST")) {
                return Answer.ok(JSON.createObjectNode().put("id", store.register(subject, schemaFrom(exchange)).id()));
            }
        }
        if (size >= 4 && path.get(2).equals("versions") && method.equals("GET")) {
            SchemaStore.Version version = store.version(subject, path.get(3));
            if (size == 4) {
                return Answer.ok(describe(version));
            }
            if (size == 5 && path.get(4).equals("schema")) {
                return Answer.ok(JSON.readTree(version.schema().toString()));
            }
        }
        throw notFound(method, path);
    }

    private Answer config(String method, List<String> path, Map<String, String> query, HttpExchange exchange)
            throws RegistryError, IOException {
        String subject = path.size() == 2 ? path.get(1) : null;
        if (path.size() > 2) {
            throw notFound(method, path);
        }
        switch (method) {
            case "GET" -> {
                Compatibility level = subject == null ? store.globalLevel() : store.subjectLevel(subject);
                if (level == null && "true".equals(query.get("defaultToGlobal"))) {
                    level = store.globalLevel();
                }
                if (level == null) {
                    throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                JsonNode body = body(exchange);
                Compatibility level = Compatibility.parse(body.path("compatibility").asText(null));
                store.setLevel(subject, level);
                return Answer.ok(JSON.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> {
                if (subject != null) {
                    Compatibility previous = store.level(subject);
                    store.setLevel(subject, null);
                    return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", previous.name()));
                }
            }
            default -> {
            }
        }
        throw notFound(method, path);
    }

    private static ObjectNode describe(SchemaStore.Version version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    /** The Avro schema of a register/lookup/compatibility body; other schema types and references are refused. */
    private static Schema schemaFrom(HttpExchange exchange) throws RegistryError, IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported by this registry; only AVRO");
        }
        if (body.path("references").size() > 0) {
            throw RegistryError.invalidSchema("schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryError.invalidSchema("the body needs a \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(schema.asText());
        } catch (RuntimeException e) {
            // SchemaParseException mostly, but Avro 1.12 throws NullPointerException for an undefined type name
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    private static JsonNode body(HttpExchange exchange) throws RegistryError, IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new RegistryError(422, 422, "The request body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistryError(400, 400, "The request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static int parseId(String id) throws RegistryError {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new RegistryError(404, 40403, "Schema " + id + " not found");
        }
    }

    private static RegistryError notFound(String method, List<String> path) {
        return new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", path));
    }

    private static List<String> segments(HttpExchange exchange) {
        List<String> segments = new ArrayList<>();
        for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
