package io.dataproxy.signer.answer;

import io.dataproxy.registry.SchemaRegistryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Whose fault a failed write is, which decides what happens next: a record's own failure ends in a smaller answer or
 * a dead letter and the worker goes on; a failure no record can fix stops the worker, and the process exits for the
 * orchestrator to restart it.
 */
public enum WriteFailure {

    /** This record cannot be written as it is (too large for the producer or the topic): a smaller one may be. */
    RECORD,
    /**
     * The destination refuses it: no such topic, not allowed to write it, a name Kafka refuses, a schema subject that
     * will not take our schema (registry 4xx such as 409 or 422). Any write there fails the same way.
     */
    DESTINATION,
    /** Says nothing about the record: the schema registry could not be reached (no answer, 5xx, 408, 429). Retry. */
    TRANSIENT,
    /** No record can fix it: the producer was fenced or lost its sequence, credentials were refused. Stop. */
    FATAL,
    /** The worker is stopping: leave the record unanswered, to be read again after a restart. */
    STOPPING,
    /**
     * Anything else, such as a delivery timeout: the cluster did not take the write in time. Who must act depends on
     * the topic: the requester who named it, or the cluster's operator for our own topics.
     */
    UNKNOWN;

    public static WriteFailure of(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return RECORD;
        }
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException
                || e instanceof OutOfOrderSequenceException || e instanceof AuthenticationException
                || e instanceof ClusterAuthorizationException || e instanceof TransactionalIdAuthorizationException
                || e instanceof FencedInstanceIdException || e instanceof UnsupportedVersionException
                || e instanceof IllegalStateException) { // IllegalStateException: the producer is closed
            return FATAL;
        }
        if (e instanceof InvalidTopicException || e instanceof TopicAuthorizationException
                || e instanceof UnknownTopicOrPartitionException || e instanceof InvalidRecordException
                || e instanceof CorruptRecordException || e instanceof PolicyViolationException) {
            return DESTINATION;
        }
        if (e instanceof InterruptException || e instanceof InterruptedException) {
            return STOPPING;
        }
        if (e instanceof SerializationException) {
            return e.getCause() instanceof SchemaRegistryException registry
                    ? of(registry)
                    : RECORD; // our own record did not encode: an error reply, being smaller and plainer, may
        }
        return UNKNOWN;
    }

    /**
     * A schema registry's refusal: TRANSIENT when it did not answer or cannot now (5xx, 408, 429), FATAL when it
     * refuses our credentials (401, 403: no record can fix that, and taking it for the records' fault would
     * dead-letter every one), DESTINATION for the rest (a subject that will not take the schema, an id it lacks).
     */
    public static WriteFailure of(SchemaRegistryException e) {
        int status = e.status();
        if (status == SchemaRegistryException.NO_RESPONSE || status >= 500 || status == 408 || status == 429) {
            return TRANSIENT;
        }
        return status == 401 || status == 403 ? FATAL : DESTINATION;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
