package io.dataproxy.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How many bytes a record takes in Avro's binary encoding (without the 5-byte wire-format header): what it adds to
 * a reply, an event or a store's changelog. Counted by encoding into nothing; no schema registry involved.
 */
final class EncodedSize {

    private static final Map<Schema, DatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();

    private EncodedSize() {
    }

    static long of(SpecificRecord record) {
        Counter counter = new Counter();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        try {
            writer(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a counter does not fail
        }
        return counter.bytes;
    }

    private static DatumWriter<SpecificRecord> writer(Schema schema) {
        return WRITERS.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }

    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
