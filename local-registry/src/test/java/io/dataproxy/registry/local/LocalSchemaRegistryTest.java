package io.dataproxy.registry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.registry.RestSchemaRegistryClient;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireSerde;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = """
            {"type":"record","name":"Thing","namespace":"test","fields":[{"name":"a","type":"string"}]}""";
    private static final String V2_WITH_DEFAULT = """
            {"type":"record","name":"Thing","namespace":"test","fields":[
              {"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""";
    private static final String V2_WITHOUT_DEFAULT = """
            {"type":"record","name":"Thing","namespace":"test","fields":[
              {"name":"a","type":"string"},{"name":"b","type":"int"}]}""";

    @TempDir
    Path dataDir;

    private final List<LocalSchemaRegistry> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() {
        started.forEach(LocalSchemaRegistry::close);
    }

    private LocalSchemaRegistry start(Path dir) throws IOException {
        LocalSchemaRegistry registry = LocalSchemaRegistry.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir);
        started.add(registry);
        return registry;
    }

    private static RestSchemaRegistryClient client(LocalSchemaRegistry registry) {
        return new RestSchemaRegistryClient(registry.url().toString());
    }

    @Test
    void listensOnAnEphemeralLoopbackPort() throws IOException {
        LocalSchemaRegistry registry = start(null);

        assertThat(registry.port()).isPositive();
        assertThat(registry.url()).isEqualTo(URI.create("http://127.0.0.1:" + registry.port()));
        assertThat(get(registry, "/").body()).isEqualTo("{}");
        assertThat(get(registry, "/schemas/types").body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void registersIdempotentlyLooksUpAndServesById() throws IOException {
        LocalSchemaRegistry registry = start(null);
        RestSchemaRegistryClient client = client(registry);

        int request = client.register("dataproxy.url.requests-value", UrlRequest.getClassSchema());
        int reply = client.register("dataproxy.url.replies-value", UrlReply.getClassSchema());
        int again = client(registry).register("dataproxy.url.requests-value", UrlRequest.getClassSchema());
        int elsewhere = client.register("copy-value", UrlRequest.getClassSchema());

        assertThat(List.of(request, reply, again, elsewhere)).containsExactly(1, 2, 1, 1);
        assertThat(client(registry).idOf("copy-value", UrlRequest.getClassSchema())).isEqualTo(1);
        assertThat(client(registry).schemaById(2)).isEqualTo(UrlReply.getClassSchema());
        assertThat(get(registry, "/subjects/dataproxy.url.requests-value/versions").body()).isEqualTo("[1]");
        assertThat(get(registry, "/subjects").body())
                .isEqualTo("[\"copy-value\",\"dataproxy.url.replies-value\",\"dataproxy.url.requests-value\"]");
    }

    @Test
    void differentlyFormattedSchemaTextGetsTheSameId() throws IOException {
        LocalSchemaRegistry registry = start(null);
        int id = client(registry).register("things-value", new Schema.Parser().parse(V1));

        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(V1));
        HttpResponse<String> response = post(registry, "/subjects/things-value/versions", schemaBody(pretty));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("id").asInt()).isEqualTo(id);
        assertThat(get(registry, "/subjects/things-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void lookupAnswersInConfluentShapeAndUnknownsAre404() throws IOException {
        LocalSchemaRegistry registry = start(null);
        client(registry).register("things-value", new Schema.Parser().parse(V1));

        JsonNode found = JSON.readTree(post(registry, "/subjects/things-value", schemaBody(V1)).body());
        HttpResponse<String> unknownSchema = post(registry, "/subjects/things-value", schemaBody(V2_WITH_DEFAULT));
        HttpResponse<String> unknownSubject = post(registry, "/subjects/nobody-value", schemaBody(V1));

        assertThat(found.get("subject").asText()).isEqualTo("things-value");
        assertThat(found.get("id").asInt()).isEqualTo(1);
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(found.get("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));
        assertThat(unknownSchema.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownSchema.body()).get("error_code").asInt()).isEqualTo(40403);
        assertThat(JSON.readTree(unknownSubject.body()).get("error_code").asInt()).isEqualTo(40401);
        assertThatThrownBy(() -> client(registry).schemaById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(40403);
                });
        assertThatThrownBy(() -> client(registry).idOf("things-value", new Schema.Parser().parse(V2_WITH_DEFAULT)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    }

    @Test
    void servesVersionsAndRawSchemas() throws IOException {
        LocalSchemaRegistry registry = start(null);
        RestSchemaRegistryClient client = client(registry);
        client.register("things-value", new Schema.Parser().parse(V1));
        client.register("things-value", new Schema.Parser().parse(V2_WITH_DEFAULT));

        JsonNode latest = JSON.readTree(get(registry, "/subjects/things-value/versions/latest").body());
        JsonNode first = JSON.readTree(get(registry, "/subjects/things-value/versions/1").body());

        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(get(registry, "/subjects/things-value/versions/2/schema").body()))
                .isEqualTo(JSON.readTree(new Schema.Parser().parse(V2_WITH_DEFAULT).toString()));
        assertThat(JSON.readTree(get(registry, "/schemas/ids/1/schema").body()))
                .isEqualTo(JSON.readTree(new Schema.Parser().parse(V1).toString()));
        assertThat(get(registry, "/subjects/things-value/versions/3").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get(registry, "/subjects/things-value/versions/x").body()).get("error_code").asInt())
                .isEqualTo(42202);
    }

    @Test
    void refusesIncompatibleChangesUnderBackwardAndAllowsThemUnderNone() throws IOException {
        LocalSchemaRegistry registry = start(null);
        RestSchemaRegistryClient client = client(registry);
        client.register("things-value", new Schema.Parser().parse(V1));

        assertThatThrownBy(() -> client.register("things-value", new Schema.Parser().parse(V2_WITHOUT_DEFAULT)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("incompatible with an earlier schema for subject 'things-value'")
                .hasMessageContaining("BACKWARD")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(compatible(registry, "things-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(compatible(registry, "things-value", V2_WITH_DEFAULT)).isTrue();
        assertThat(client.register("things-value", new Schema.Parser().parse(V2_WITH_DEFAULT))).isEqualTo(2);

        assertThat(put(registry, "/config/other-value", "{\"compatibility\":\"NONE\"}").body())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        client.register("other-value", new Schema.Parser().parse(V1));
        assertThat(client.register("other-value", new Schema.Parser().parse(V2_WITHOUT_DEFAULT))).isEqualTo(3);
        assertThat(get(registry, "/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(get(registry, "/config/other-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(get(registry, "/config/things-value").statusCode()).isEqualTo(404);
        assertThat(get(registry, "/config/things-value?defaultToGlobal=true").body())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void refusesOtherSchemaTypesAndInvalidSchemas() throws IOException {
        LocalSchemaRegistry registry = start(null);

        HttpResponse<String> protobuf = post(registry, "/subjects/p-value/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        HttpResponse<String> invalid = post(registry, "/subjects/p-value/versions", schemaBody("{\"type\":\"nonsense\"}"));

        assertThat(protobuf.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(protobuf.body()).get("error_code").asInt()).isEqualTo(42201);
        assertThat(JSON.readTree(protobuf.body()).get("message").asText()).contains("only AVRO");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(get(registry, "/subjects").body()).isEqualTo("[]");
    }

    @Test
    void deletesSubjectsButKeepsIdsReadable() throws IOException {
        LocalSchemaRegistry registry = start(null);
        client(registry).register("things-value", new Schema.Parser().parse(V1));

        HttpResponse<String> deleted = send(registry, HttpRequest.newBuilder(registry.url().resolve("/subjects/things-value")).DELETE());

        assertThat(deleted.body()).isEqualTo("[1]");
        assertThat(get(registry, "/subjects").body()).isEqualTo("[]");
        assertThat(get(registry, "/subjects/things-value/versions").statusCode()).isEqualTo(404);
        assertThat(client(registry).schemaById(1)).isEqualTo(new Schema.Parser().parse(V1));
    }

    @Test
    void keepsIdsVersionsAndConfigAcrossARestart() throws IOException {
        LocalSchemaRegistry first = start(dataDir);
        RestSchemaRegistryClient client = client(first);
        int thing = client.register("things-value", new Schema.Parser().parse(V1));
        int request = client.register("dataproxy.url.requests-value", UrlRequest.getClassSchema());
        put(first, "/config", "{\"compatibility\":\"FULL\"}");
        first.close();
        started.remove(first);

        LocalSchemaRegistry second = start(dataDir);
        RestSchemaRegistryClient fresh = client(second);

        assertThat(fresh.schemaById(request)).isEqualTo(UrlRequest.getClassSchema());
        assertThat(fresh.idOf("things-value", new Schema.Parser().parse(V1))).isEqualTo(thing);
        assertThat(fresh.register("dataproxy.url.requests-value", UrlRequest.getClassSchema())).isEqualTo(request);
        assertThat(fresh.register("replies-value", UrlReply.getClassSchema())).isEqualTo(3);
        assertThat(get(second, "/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void cutsATornLastLineOnReplay() throws IOException {
        LocalSchemaRegistry first = start(dataDir);
        client(first).register("things-value", new Schema.Parser().parse(V1));
        first.close();
        started.remove(first);
        Files.writeString(dataDir.resolve("schemas.log"), "{\"type\":\"schema\",\"subj", StandardOpenOption.APPEND);

        LocalSchemaRegistry second = start(dataDir);
        int next = client(second).register("replies-value", UrlReply.getClassSchema());
        second.close();
        started.remove(second);

        LocalSchemaRegistry third = start(dataDir);
        assertThat(next).isEqualTo(2);
        assertThat(client(third).schemaById(2)).isEqualTo(UrlReply.getClassSchema());
        assertThat(client(third).schemaById(1)).isEqualTo(new Schema.Parser().parse(V1));
    }

    @Test
    void refusesASecondRegistryOnTheSameDataDir() throws IOException {
        start(dataDir);

        assertThatThrownBy(() -> start(dataDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use by another registry");
    }

    @Test
    void serdeRoundTripsThroughTheRestClient() throws IOException {
        LocalSchemaRegistry registry = start(null);
        AvroWireSerde<UrlRequest> serde = AvroWireSerde.forType(UrlRequest.class,
                Map.of("schema.registry.url", registry.url().toString()), false);
        UrlRequest upload = UrlRequest.newBuilder()
                .setRequestId("r1")
                .setDeadline(Instant.ofEpochMilli(1_700_000_000_000L))
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentLength(10L).build())
                .build();
        UrlRequest download = UrlRequest.newBuilder()
                .setRequestId("r2")
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://b/k")).build())
                .build();

        byte[] bytes = serde.serializer().serialize("dataproxy.url.requests", upload);

        int registeredId = JSON.readTree(get(registry, "/subjects/dataproxy.url.requests-value/versions/latest").body())
                .get("id").asInt();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
        AvroWireSerde<UrlRequest> reader = new AvroWireSerde<>(UrlRequest.class, client(registry));
        assertThat(reader.deserializer().deserialize("dataproxy.url.requests", bytes)).isEqualTo(upload);
        assertThat(reader.deserializer().deserialize("dataproxy.url.requests",
                serde.serializer().serialize("dataproxy.url.requests", download))).isEqualTo(download);
    }

    @Test
    void basicAuthArrivesAsAnAuthorizationHeaderAndStaysOutOfMessages() throws IOException {
        LocalSchemaRegistry registry = start(null);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        registry.onRequest(headers -> authorizations.add(String.valueOf(headers.getFirst("Authorization"))));
        String password = "hunter2-very-secret";
        RestSchemaRegistryClient fromConfig = new RestSchemaRegistryClient(List.of(registry.url().toString()),
                "alice:" + password, Duration.ofSeconds(2), Duration.ofSeconds(5));
        RestSchemaRegistryClient fromUrl = new RestSchemaRegistryClient(
                "http://bob:" + password + "@127.0.0.1:" + registry.port());

        fromConfig.register("things-value", new Schema.Parser().parse(V1));
        assertThatThrownBy(() -> fromUrl.schemaById(77))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(registry.url() + "/schemas/ids/77")
                .hasMessageNotContaining(password);

        assertThat(authorizations).containsExactly(basic("alice:" + password), basic("bob:" + password));
        assertThat(fromConfig.toString()).doesNotContain(password);
        assertThat(fromUrl.toString()).doesNotContain(password);
    }

    @Test
    void concurrentRegistrationsAgreeOnIds() throws Exception {
        LocalSchemaRegistry registry = start(dataDir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String subject = "s" + (i % 8) + "-value";
                ids.add(pool.submit(() -> client(registry).register(subject, UrlRequest.getClassSchema())));
            }
            for (Future<Integer> id : ids) {
                assertThat(id.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(JSON.readTree(get(registry, "/subjects").body())).hasSize(8);
        assertThat(JSON.readTree(get(registry, "/schemas/ids/1/versions").body())).hasSize(8);
    }

    private boolean compatible(LocalSchemaRegistry registry, String subject, String schema) throws IOException {
        HttpResponse<String> response = post(registry, "/compatibility/subjects/" + subject + "/versions/latest", schemaBody(schema));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("is_compatible").asBoolean();
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(LocalSchemaRegistry registry, String path) throws IOException {
        return send(registry, HttpRequest.newBuilder(URI.create(registry.url() + path)).GET());
    }

    private HttpResponse<String> post(LocalSchemaRegistry registry, String path, String body) throws IOException {
        return send(registry, HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(LocalSchemaRegistry registry, String path, String body) throws IOException {
        return send(registry, HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(LocalSchemaRegistry registry, HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
