package io.dataproxy.cli.bench;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.catalog.RoutedReply;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The pass-through's one processor: every request gets an {@code ArtifactResult} reply of fixed content, routed and
 * keyed as the catalog's command processor routes its replies, and no state is read or written.
 */
final class PassThroughReplier implements Processor<String, CatalogRequest, String, RoutedReply> {

    private final String defaultReplyTopic;
    private final ArtifactResult result;
    private ProcessorContext<String, RoutedReply> context;

    PassThroughReplier(String defaultReplyTopic, Artifact template) {
        this.defaultReplyTopic = defaultReplyTopic;
        this.result = ArtifactResult.newBuilder().setArtifact(template).build();
    }

    @Override
    public void init(ProcessorContext<String, RoutedReply> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, CatalogRequest> record) {
        String requestId = record.value() == null ? "" : record.value().getRequestId();
        CatalogReply reply = CatalogReply.newBuilder().setRequestId(requestId).setBody(result).build();
        context.forward(record.withValue(RoutedReply.forRequest(record.headers(), defaultReplyTopic, reply))
                .withHeaders(RoutedReply.headersFor(record.headers())));
    }
}
