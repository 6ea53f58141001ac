package io.dataproxy.bench;

import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.TopicContract;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A URL request (an upload, as the CLI sends it) to and from the Confluent wire format, mock registry. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerdeBenchmark {

    static final String TOPIC = TopicContract.URL_REQUESTS_TOPIC;

    AvroWireSerializer<UrlRequest> serializer;
    AvroWireDeserializer<UrlRequest> deserializer;
    UrlRequest request;
    byte[] encoded;

    @Setup
    public void setUp() {
        Map<String, Object> config = Map.of("schema.registry.url", "mock://bench");
        serializer = new AvroWireSerializer<>();
        serializer.configure(config, false);
        deserializer = new AvroWireDeserializer<>(UrlRequest.class);
        deserializer.configure(config, false);
        request = Fixtures.uploadRequest("6f1c2b9e-2a53-4c1e-9d43-0b8f0f2a7c11");
        encoded = serializer.serialize(TOPIC, request);
    }

    @Benchmark
    public byte[] encode() {
        return serializer.serialize(TOPIC, request);
    }

    @Benchmark
    public UrlRequest decode() {
        return deserializer.deserialize(TOPIC, encoded);
    }

    @Benchmark
    public UrlRequest roundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, request));
    }
}
