package io.dataproxy.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {

    private static final String TOPIC = "dataproxy.url.requests";

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void roundTripsAnUploadRequest() {
        AvroWireSerde<UrlRequest> serde = AvroWireSerde.forType(UrlRequest.class, config, false);
        UrlRequest request = UrlMessages.uploadRequest();

        UrlRequest read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, request));

        assertThat(read).isEqualTo(request);
        assertThat(read.getDeadline()).isEqualTo(request.getDeadline());
    }

    @Test
    void roundTripsADownloadRequest() {
        AvroWireSerde<UrlRequest> serde = AvroWireSerde.forType(UrlRequest.class, config, false);
        UrlRequest request = UrlMessages.downloadRequest();

        UrlRequest read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, request));

        assertThat(read).isEqualTo(request);
        assertThat(read.getBody()).isInstanceOf(CreateDownloadLink.class);
        assertThat(read.getDeadline()).isNull();
    }

    /**
     * A valid record of another topic's type: Avro resolution could map it onto this type (both are records with a
     * string request_id and a union body), so the full names are compared first.
     */
    @Test
    void aRecordOfAnotherTypeIsForeignNotResolved() {
        AvroWireSerializer<UrlReply> replies = new AvroWireSerializer<>(registry);
        byte[] reply = replies.serialize(TOPIC, UrlMessages.errorReply());
        AvroWireDeserializer<UrlRequest> requests = new AvroWireDeserializer<>(UrlRequest.class, registry);

        assertThatThrownBy(() -> requests.deserialize(TOPIC, reply))
                .isInstanceOf(ForeignSchemaException.class)
                .hasMessageContaining("io.dataproxy.avro.url.UrlReply")
                .hasMessageContaining("not io.dataproxy.avro.url.UrlRequest");
    }

    @Test
    void nullAndEmptyValuesAreMissingOnceValuesAreRequired() {
        AvroWireDeserializer<UrlRequest> lenient = new AvroWireDeserializer<>(UrlRequest.class, registry);
        assertThat(lenient.deserialize(TOPIC, null)).isNull();
        assertThat(lenient.deserialize(TOPIC, new byte[0])).isNull();

        AvroWireDeserializer<UrlRequest> strict = new AvroWireDeserializer<>(UrlRequest.class, registry).requiringValues();
        assertThatThrownBy(() -> strict.deserialize(TOPIC, null)).isInstanceOf(MissingValueException.class)
                .hasMessageContaining("no value");
        assertThatThrownBy(() -> strict.deserialize(TOPIC, new byte[0])).isInstanceOf(MissingValueException.class)
                .hasMessageContaining("empty value");
    }

    @Test
    void roundTripsAReplyWithAnErrorBody() {
        AvroWireSerde<UrlReply> serde = new AvroWireSerde<>(UrlReply.class, registry);
        UrlReply reply = UrlMessages.errorReply();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", reply))).isEqualTo(reply);
    }

    @Test
    void writesMagicByteThenTheRegisteredIdThenAvro() throws IOException {
        registry.register("other-value", CreateDownloadLink.getClassSchema()); // so the id is not simply 1
        AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>(registry);
        UrlRequest request = UrlMessages.downloadRequest();

        byte[] bytes = serializer.serialize(TOPIC, request);

        int id = registry.idOf(TOPIC + "-value", UrlRequest.getClassSchema());
        assertThat(id).isEqualTo(2);
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        ByteBuffer avro = request.toByteBuffer(); // single-object encoding: 10-byte header, then the same binary
        byte[] expected = Arrays.copyOfRange(avro.array(), 10, avro.limit());
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(expected);
    }

    @Test
    void namesSubjectsByTopic() {
        AvroWireSerializer<UrlRequest> values = new AvroWireSerializer<>();
        values.configure(config, false);
        AvroWireSerializer<UrlRequest> keys = new AvroWireSerializer<>();
        keys.configure(config, true);

        values.serialize("requests", UrlMessages.downloadRequest());
        keys.serialize("keyed", UrlMessages.downloadRequest());

        assertThat(registry.subjects()).containsExactlyInAnyOrder("requests-value", "keyed-key");
    }

    @Test
    void sameSchemaUnderTwoSubjectsHasOneId() {
        AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>(registry);

        byte[] a = serializer.serialize("a", UrlMessages.downloadRequest());
        byte[] b = serializer.serialize("b", UrlMessages.downloadRequest());

        assertThat(Arrays.copyOfRange(a, 0, 5)).isEqualTo(Arrays.copyOfRange(b, 0, 5));
        assertThat(registry.subjects()).containsExactlyInAnyOrder("a-value", "b-value");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsClearly() {
        AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>();
        serializer.configure(Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
                AvroWireSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, UrlMessages.downloadRequest()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject '" + TOPIC + "-value'")
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register(TOPIC + "-value", UrlRequest.getClassSchema());
        assertThat(ByteBuffer.wrap(serializer.serialize(TOPIC, UrlMessages.downloadRequest()), 1, 4).getInt())
                .isEqualTo(id);
    }

    @Test
    void nullsStayNull() {
        AvroWireSerde<UrlRequest> serde = new AvroWireSerde<>(UrlRequest.class, registry);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, new byte[0])).isNull();
    }

    @Test
    void rejectsABadMagicByte() {
        AvroWireDeserializer<UrlRequest> deserializer = new AvroWireDeserializer<>(UrlRequest.class, registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"json\":true}".getBytes()))
                .isInstanceOf(BadMagicByteException.class)
                .hasMessage("first byte is 0x7b not 0x00; not Confluent wire format");
    }

    @Test
    void rejectsAnUnknownSchemaId() {
        AvroWireDeserializer<UrlRequest> deserializer = new AvroWireDeserializer<>(UrlRequest.class, registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0x01, 0x2c, 2, 'x'}))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> assertThat(e.schemaId()).isEqualTo(300))
                .hasMessageContaining("schema id 300 is not in the schema registry mock://" + scope);
    }

    @Test
    void rejectsTruncatedRecords() {
        AvroWireSerde<UrlRequest> serde = new AvroWireSerde<>(UrlRequest.class, registry);
        byte[] bytes = serde.serializer().serialize(TOPIC, UrlMessages.uploadRequest());

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(CorruptAvroException.class)
                .hasMessageContaining("cannot decode io.dataproxy.avro.url.UrlRequest with writer schema id 1");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 3)))
                .isInstanceOf(CorruptAvroException.class)
                .hasMessageContaining("shorter than the 5-byte Confluent wire format header");
    }

    @Test
    void rejectsLeftOverBytes() {
        AvroWireSerde<UrlRequest> serde = new AvroWireSerde<>(UrlRequest.class, registry);
        byte[] bytes = serde.serializer().serialize(TOPIC, UrlMessages.downloadRequest());

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(CorruptAvroException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void rejectsGarbageAfterAValidHeader() {
        AvroWireSerde<UrlRequest> serde = new AvroWireSerde<>(UrlRequest.class, registry);
        byte[] bytes = serde.serializer().serialize(TOPIC, UrlMessages.downloadRequest());
        byte[] garbage = Arrays.copyOf(bytes, 5 + 4);
        garbage[5] = 0x01; // request_id length -1
        garbage[6] = 0x7f;
        garbage[7] = 0x7f;
        garbage[8] = 0x7f;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(CorruptAvroException.class);
    }

    @Test
    void rejectsAHugeDeclaredStringLengthWithoutAllocatingIt() {
        int id = registry.register(TOPIC + "-value", UrlRequest.getClassSchema());
        // request_id claims 2147483632 bytes (zig-zag varint), in a 6-byte body
        byte[] poison = {0, 0, 0, 0, (byte) id, (byte) 0xe0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 'a'};

        assertThatThrownBy(() -> new AvroWireDeserializer<>(UrlRequest.class, registry).deserialize(TOPIC, poison))
                .isInstanceOf(CorruptAvroException.class)
                .hasMessageContaining("string length 2147483632 is longer than the record (6 bytes)");
    }

    @Test
    void rejectsAHugeDeclaredArrayCountWithoutAllocatingIt() {
        int id = registry.register(TOPIC + "-value", UrlRequest.getClassSchema());
        // request_id "a", deadline null, body branch 1 (CreateDownloadLink), native_urls count 2147483632
        byte[] poison = {0, 0, 0, 0, (byte) id, 2, 'a', 0, 2, (byte) 0xe0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 2, 'x'};

        assertThatThrownBy(() -> new AvroWireDeserializer<>(UrlRequest.class, registry).deserialize(TOPIC, poison))
                .isInstanceOf(CorruptAvroException.class)
                .hasMessageContaining("array of 2147483632 items cannot fit in the record (11 bytes)");
    }

    @Test
    void roundTripsAReplyWithAMapAndArrays() {
        AvroWireSerde<UrlReply> serde = new AvroWireSerde<>(UrlReply.class, registry);
        UrlReply reply = UrlReply.newBuilder()
                .setRequestId("r")
                .setBody(io.dataproxy.avro.url.UploadLocation.newBuilder()
                        .setSignedUrl("https://s3/b/k?X-Amz-Signature=abc")
                        .setNativeUrl("s3://b/k")
                        .setExpiresAt(java.time.Instant.ofEpochMilli(1_800_000_000_000L))
                        .setHeaders(Map.of("Content-MD5", "AQID", "Content-Length", "3"))
                        .setSignedHeaders(List.of("content-md5", "content-length", "host"))
                        .build())
                .build();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", reply))).isEqualTo(reply);
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaThatLacksADefaultedField() throws IOException {
        Schema old = withoutField(UrlRequest.getClassSchema(), "deadline");
        int oldId = registry.register(TOPIC + "-value", old);
        Schema bodySchema = old.getField("body").schema().getTypes().get(1);
        GenericRecord body = new GenericData.Record(bodySchema);
        body.put("native_urls", List.of("s3://bucket/old"));
        body.put("expires_in", 5_000L);
        GenericRecord oldRequest = new GenericData.Record(old);
        oldRequest.put("request_id", "old-1");
        oldRequest.put("body", body);

        UrlRequest read = new AvroWireDeserializer<>(UrlRequest.class, registry)
                .deserialize(TOPIC, wire(oldId, old, oldRequest));

        assertThat(read.getRequestId()).isEqualTo("old-1");
        assertThat(read.getDeadline()).isNull();
        assertThat(read.getBody()).isEqualTo(CreateDownloadLink.newBuilder()
                .setNativeUrls(List.of("s3://bucket/old")).setExpiresIn(5_000L).build());
    }

    @Test
    void deserializerBuiltByKafkaTakesItsTypeFromConfig() {
        AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>(registry);
        AvroWireDeserializer<UrlRequest> deserializer = new AvroWireDeserializer<>();
        deserializer.configure(Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
                AvroWireSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, UrlRequest.class.getName()), false);

        UrlRequest request = UrlMessages.uploadRequest();
        assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, request))).isEqualTo(request);
    }

    @Test
    void deserializerWithoutTypeOrUrlNamesTheMissingKey() {
        assertThatThrownBy(() -> new AvroWireDeserializer<UrlRequest>().configure(config, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroWireSerdeConfig.SPECIFIC_AVRO_KEY_TYPE);
        assertThatThrownBy(() -> AvroWireSerde.forType(UrlRequest.class, Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    private static Schema withoutField(Schema record, String dropped) {
        List<Schema.Field> fields = record.getFields().stream()
                .filter(f -> !f.name().equals(dropped))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
