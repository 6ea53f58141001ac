#!/usr/bin/env python3
"""dataproxy from Python, with confluent-kafka and Apache Avro (Debian: python3-confluent-kafka, python3-avro) and
nothing of dataproxy's own:

1. the signer: an upload location for a small file, a PUT with exactly the returned headers, a download link, and a
   GET that must return the same bytes;
2. the catalog: a dataset, an artifact in it (an inline value, a tag, a TTL), and the artifact again by its tag.

The wire rules it follows are those of docs/wire-contract.md. Prints one line per step on stdout; exit 0 when every
step worked, 1 with the reason on stderr otherwise.

Settings (environment; the defaults are the sandbox's, `./dataproxy sandbox`):
  DATAPROXY_BOOTSTRAP_SERVERS    localhost:9092
  DATAPROXY_SCHEMA_REGISTRY_URL  http://localhost:8081
  DATAPROXY_URL_REQUESTS, DATAPROXY_URL_REPLIES              dataproxy.url.requests, dataproxy.url.replies
  DATAPROXY_CATALOG_COMMANDS, DATAPROXY_CATALOG_REPLIES      catalog.commands, catalog.replies
  DATAPROXY_PROJECT, DATAPROXY_DOMAIN                        flytesnacks, development
  DATAPROXY_SCHEMAS_DIR          the repository's schemas/src/main/avro
  DATAPROXY_TIMEOUT_MS           30000 (for each reply)
"""
import datetime
import hashlib
import io
import json
import os
import re
import struct
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition


def setting(name, default):
    return os.environ.get(name) or default


BOOTSTRAP_SERVERS = setting("DATAPROXY_BOOTSTRAP_SERVERS", "localhost:9092")
REGISTRY_URL = setting("DATAPROXY_SCHEMA_REGISTRY_URL", "http://localhost:8081").rstrip("/")
URL_REQUESTS = setting("DATAPROXY_URL_REQUESTS", "dataproxy.url.requests")
URL_REPLIES = setting("DATAPROXY_URL_REPLIES", "dataproxy.url.replies")
CATALOG_COMMANDS = setting("DATAPROXY_CATALOG_COMMANDS", "catalog.commands")
CATALOG_REPLIES = setting("DATAPROXY_CATALOG_REPLIES", "catalog.replies")
PROJECT = setting("DATAPROXY_PROJECT", "flytesnacks")
DOMAIN = setting("DATAPROXY_DOMAIN", "development")
SCHEMAS_DIR = Path(setting("DATAPROXY_SCHEMAS_DIR", Path(__file__).resolve().parents[2] / "schemas/src/main/avro"))
TIMEOUT_S = int(setting("DATAPROXY_TIMEOUT_MS", "30000")) / 1000

URL = "io.dataproxy.avro.url."
CATALOG = "io.dataproxy.avro.catalog."
ERROR = "io.dataproxy.avro.common.Error"


def main():
    producer = Producer({
        "bootstrap.servers": BOOTSTRAP_SERVERS,
        "enable.idempotence": True,
        # Java's partitioner (murmur2 of the key's bytes), not librdkafka's default (CRC32): every record of a
        # dataset must land in the partition where the catalog keeps that dataset, whichever client wrote it.
        "partitioner": "murmur2_random",
    })
    urls = RequestReply(producer, URL_REQUESTS, URL_REPLIES, URL + "UrlRequest")
    catalog = RequestReply(producer, CATALOG_COMMANDS, CATALOG_REPLIES, CATALOG + "CatalogRequest")
    try:
        upload_and_download(urls)
        put_and_get(catalog)
    finally:
        urls.close()
        catalog.close()


def upload_and_download(urls):
    content = f"hello from Python {sys.version.split()[0]}, {datetime.datetime.now(datetime.timezone.utc)}\n".encode()
    request_id = str(uuid.uuid4())
    location = expect(urls.call(request_id, {
        "request_id": request_id,
        "deadline": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=TIMEOUT_S),
        "body": (URL + "CreateUploadLocation", {
            "project": PROJECT,
            "domain": DOMAIN,
            "filename": "hello-python.txt",
            "content_md5": hashlib.md5(content).digest(),  # the raw 16 bytes
            "content_length": len(content),  # the signer requires it: it bounds what the URL accepts
        }),
    }), URL + "UploadLocation", "CreateUploadLocation")

    # Exactly the headers of the reply (Content-MD5, Content-Length, ...): the signature covers some of them.
    put = urllib.request.Request(location["signed_url"], data=content, method="PUT", headers=location["headers"])
    with urllib.request.urlopen(put, timeout=TIMEOUT_S) as response:
        response.read()
    print(f"upload: {location['native_url']} ({len(content)} bytes, "
          f"signed headers {','.join(location['signed_headers'])})")

    link_id = str(uuid.uuid4())
    links = expect(urls.call(link_id, {
        "request_id": link_id,
        "body": (URL + "CreateDownloadLink", {"native_urls": [location["native_url"]], "expires_in": 60_000}),
    }), URL + "DownloadLinks", "CreateDownloadLink")
    with urllib.request.urlopen(links["signed_urls"][0], timeout=TIMEOUT_S) as response:
        back = response.read()
    if back != content:
        raise RuntimeError(f"GET {location['native_url']}: {len(back)} bytes, not the {len(content)} uploaded")
    print(f"download: {location['native_url']} ({len(back)} bytes, the same)")


def put_and_get(catalog):
    # One dataset per run keeps runs apart; a cache would use one per task signature.
    dataset = {"org": "", "project": PROJECT, "domain": DOMAIN, "name": "python-example",
               "version": f"v-{uuid.uuid4()}"}
    key = dataset_key(dataset)

    expect(catalog.call(key, command((CATALOG + "CreateDataset", {"dataset": {"id": dataset}}))),
           CATALOG + "DatasetResult", "CreateDataset")
    print(f"create-dataset: {key}")

    value = b"0.93"
    artifact_id = str(uuid.uuid4())
    put = expect(catalog.call(key, command((CATALOG + "CreateArtifact", {
        "dataset": dataset,
        "artifact_id": artifact_id,
        "data": [{"name": "accuracy", "inline": value, "uri": None}],
        "tags": ["inputs-abc"],
        "ttl": 60 * 60 * 1000,  # milliseconds
    }))), CATALOG + "ArtifactResult", "CreateArtifact")
    print(f"put: {put['artifact']['artifact_id']} expires {put['artifact']['expires_at'].isoformat()}")

    got = expect(catalog.call(key, command((CATALOG + "GetArtifact", {"dataset": dataset, "tag_name": "inputs-abc"}))),
                 CATALOG + "ArtifactResult", "GetArtifact")
    data = next((d for d in got["artifact"]["data"] if d["name"] == "accuracy"), None)
    if got["artifact"]["artifact_id"] != artifact_id or data is None or data["inline"] != value:
        raise RuntimeError(f"get by tag inputs-abc: {got['artifact']}, not the artifact put")
    print(f"get: {artifact_id} by tag inputs-abc, accuracy={data['inline'].decode()}")


def command(body):
    # event_time is ignored: the catalog judges time by the broker's append time of the command.
    return {"request_id": str(uuid.uuid4()), "event_time": None, "body": body}


def expect(reply, branch, what):
    """The reply body's branch, or an error that says which error the service answered."""
    name, value = reply["body"]
    if name == branch:
        return value
    if name == ERROR:
        raise RuntimeError(f"{what}: the service answered {value['code']}: {value['message']}")
    raise RuntimeError(f"{what}: unexpected reply {name}")


def dataset_key(dataset):
    """The catalog's record key: org/project/domain/name/version, where '%', '/' and control characters inside a
    field are percent-encoded, so that every producer partitions a dataset's records alike."""
    def escape(field):
        return re.sub(r"[%/\x00-\x1f\x7f-\x9f]", lambda m: f"%{ord(m.group()):02X}", field)
    return "/".join(escape(dataset[f]) for f in ("org", "project", "domain", "name", "version"))


# Avro unions. Apache Avro for Python writes a union's value as the LAST branch it validates against, and a dict
# validates against any record whose fields include the dict's keys: {"dataset": ..., "tag_name": ...} would be
# written as a DeleteArtifact if that came after GetArtifact. And it reads a union's value without saying which
# branch it was. So here a union of several types (every envelope's `body`) is written and read as a pair
# (full name of the branch, value); a ["null", X] field stays None or the value. A record's missing field takes its
# default (the library would write None). Times: timestamp-millis fields are datetime objects.
class TaggedUnionWriter(avro.io.DatumWriter):
    def write(self, datum, encoder):
        self.write_data(self.writers_schema, datum, encoder)  # validate() does not know the pairs

    def write_union(self, writers_schema, datum, encoder):
        if not isinstance(datum, tuple):
            return super().write_union(writers_schema, datum, encoder)
        name, value = datum
        names = [getattr(s, "fullname", s.type) for s in writers_schema.schemas]
        if name not in names:
            raise ValueError(f"{name} is not one of {names}")
        encoder.write_long(names.index(name))
        self.write_data(writers_schema.schemas[names.index(name)], value, encoder)

    def write_record(self, writers_schema, datum, encoder):
        for field in writers_schema.fields:
            value = datum[field.name] if field.name in datum else field.default if field.has_default else None
            self.write_data(field.type, value, encoder)


class TaggedUnionReader(avro.io.DatumReader):
    def read_union(self, writers_schema, readers_schema, decoder):
        index = int(decoder.read_long())
        branch = writers_schema.schemas[index]
        value = self.read_data(branch, branch, decoder)
        if len([s for s in writers_schema.schemas if s.type != "null"]) > 1:
            return getattr(branch, "fullname", branch.type), value
        return value


class Registry:
    """The Confluent Schema Registry's REST API, the two calls a client needs."""

    def __init__(self, url):
        self.url = url
        self.schemas = {}

    def register(self, subject, schema_json):
        """As Confluent's serializers do with auto.register.schemas; the same schema again keeps its id."""
        body = json.dumps({"schema": json.dumps(schema_json)}).encode()
        request = urllib.request.Request(f"{self.url}/subjects/{subject}/versions", data=body, method="POST",
                                         headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.load(response)["id"]

    def schema(self, schema_id):
        if schema_id not in self.schemas:
            with urllib.request.urlopen(f"{self.url}/schemas/ids/{schema_id}", timeout=TIMEOUT_S) as response:
                self.schemas[schema_id] = avro.schema.parse(json.load(response)["schema"])
        return self.schemas[schema_id]


REGISTRY = Registry(REGISTRY_URL)


def encode(schema_id, schema, datum):
    """The Confluent wire format: byte 0 is 0x00, bytes 1-4 the schema id (big-endian), then Avro binary."""
    out = io.BytesIO()
    out.write(struct.pack(">bI", 0, schema_id))
    TaggedUnionWriter(schema).write(datum, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(value):
    """With the writer's schema, fetched by the id in the value."""
    magic, schema_id = struct.unpack(">bI", value[:5])
    if magic != 0:
        raise ValueError(f"not the Confluent wire format (magic byte {magic})")
    writer = REGISTRY.schema(schema_id)
    return TaggedUnionReader(writer, writer).read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))


def envelope_schema(full_name):
    """The .avsc files name the types they share (DatasetId, Error, ...) by full name: the registry takes one
    self-contained schema, so those are written out in place, each once."""
    definitions = {}
    for file in SCHEMAS_DIR.glob("*/*.avsc"):
        schema = json.loads(file.read_text())
        definitions[f"{schema['namespace']}.{schema['name']}"] = schema
    written = set()

    def inline(node):
        if isinstance(node, str):
            if node in definitions and node not in written:
                written.add(node)
                return inline(definitions[node])
            return node
        if isinstance(node, list):
            return [inline(n) for n in node]
        if isinstance(node, dict):
            if "name" in node and "namespace" in node:
                written.add(f"{node['namespace']}.{node['name']}")
            return {k: (v if k == "default" else inline(v)) for k, v in node.items()}
        return node

    return inline(full_name)


class RequestReply:
    """Request/reply over a pair of topics, with the headers of Spring Kafka's ReplyingKafkaTemplate: a random
    16-byte kafka_correlationId, echoed on the reply, and kafka_replyTopic, the service's own reply topic (a service
    replies only to the topics its configuration allows, and its own reply topic always is one)."""

    def __init__(self, producer, request_topic, reply_topic, envelope):
        self.producer = producer
        self.request_topic = request_topic
        self.reply_topic = reply_topic
        schema_json = envelope_schema(envelope)
        self.schema = avro.schema.parse(json.dumps(schema_json))
        self.schema_id = REGISTRY.register(f"{request_topic}-value", schema_json)
        # No consumer group: the reply topic's partitions, each from its current end, so only replies to requests
        # sent from now on are read.
        self.consumer = Consumer({"bootstrap.servers": BOOTSTRAP_SERVERS, "group.id": "dataproxy-example-python",
                                  "enable.auto.commit": False, "isolation.level": "read_committed"})
        partitions = self.consumer.list_topics(reply_topic, timeout=TIMEOUT_S).topics[reply_topic].partitions
        ends = []
        for p in partitions:
            _, high = self.consumer.get_watermark_offsets(TopicPartition(reply_topic, p), timeout=TIMEOUT_S)
            ends.append(TopicPartition(reply_topic, p, high))
        self.consumer.assign(ends)

    def call(self, key, request):
        correlation_id = os.urandom(16)
        self.producer.produce(self.request_topic, key=key.encode(), value=encode(self.schema_id, self.schema, request),
                              headers=[("kafka_correlationId", correlation_id),
                                       ("kafka_replyTopic", self.reply_topic.encode())])
        if self.producer.flush(TIMEOUT_S) > 0:
            raise RuntimeError(f"the request to {self.request_topic} was not sent within {TIMEOUT_S} s")
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            message = self.consumer.poll(max(0.0, min(1.0, deadline - time.monotonic())))
            if message is None:
                continue
            if message.error():
                raise KafkaException(message.error())
            # delivery is at least once: keep the first reply, ignore others' replies
            if dict(message.headers() or []).get("kafka_correlationId") == correlation_id:
                return decode(message.value())
        raise RuntimeError(f"no reply on {self.reply_topic} within {TIMEOUT_S} s")

    def close(self):
        self.consumer.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # one line, as the other clients report
        print(f"dataproxy-example-python: {error}", file=sys.stderr)
        sys.exit(1)
