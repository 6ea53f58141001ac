package io.dataproxy.signer.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.registry.SchemaRegistryException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Whose fault a failed write is: the record's and the destination's never stop the worker; only what no record can fix does. */
class WriteFailureTest {

    @Test
    void tooLargeIsTheRecords() {
        assertThat(WriteFailure.of(new RecordTooLargeException("too large"))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new RecordBatchTooLargeException("too large"))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new ExecutionException(new RecordTooLargeException("wrapped")))).isEqualTo(WriteFailure.RECORD);
    }

    @Test
    void aTopicThatRefusesIsTheDestinations() {
        assertThat(WriteFailure.of(new InvalidTopicException("bad name"))).isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(new TopicAuthorizationException("no ACL"))).isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(new UnknownTopicOrPartitionException("gone"))).isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(new InvalidRecordException("compacted topic, null key"))).isEqualTo(WriteFailure.DESTINATION);
    }

    @Test
    void aSubjectThatRefusesOurSchemaIsTheDestinationsAnUnreachableRegistryIsTransient() {
        assertThat(WriteFailure.of(registry(409))).as("incompatible schema").isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(registry(422))).as("invalid schema").isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(registry(404))).as("auto.register.schemas=false, not registered").isEqualTo(WriteFailure.DESTINATION);
        assertThat(WriteFailure.of(registry(SchemaRegistryException.NO_RESPONSE))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(registry(503))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(registry(429))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(registry(401))).as("our credentials").isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(registry(403))).as("our credentials").isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new SerializationException("not encodable"))).isEqualTo(WriteFailure.RECORD);
    }

    @Test
    void whatNoRecordCanFixIsFatal() {
        assertThat(WriteFailure.of(new ProducerFencedException("fenced"))).isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new OutOfOrderSequenceException("lost"))).isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new AuthenticationException("no"))).isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new SaslAuthenticationException("no"))).isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new ClusterAuthorizationException("no"))).isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new IllegalStateException("producer closed"))).isEqualTo(WriteFailure.FATAL);
    }

    @Test
    void stoppingAndTheRestAreTheirOwn() {
        assertThat(WriteFailure.of(new InterruptException(new InterruptedException()))).isEqualTo(WriteFailure.STOPPING);
        assertThat(WriteFailure.of(new TimeoutException("delivery timeout"))).isEqualTo(WriteFailure.UNKNOWN);
        assertThat(WriteFailure.of(new KafkaException("other"))).isEqualTo(WriteFailure.UNKNOWN);
    }

    private static SerializationException registry(int status) {
        return new SerializationException("registry", new SchemaRegistryException(status, status, "answered " + status));
    }
}
