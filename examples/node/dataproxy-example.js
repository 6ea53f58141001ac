#!/usr/bin/env node
// dataproxy from Node.js, with kafkajs and @kafkajs/confluent-schema-registry and nothing of dataproxy's own:
//   1. the signer: an upload location for a small file, a PUT with exactly the returned headers, a download link,
//      and a GET that must return the same bytes;
//   2. the catalog: a dataset, an artifact in it (an inline value, a tag, a TTL), and the artifact again by its tag.
// The wire rules it follows are those of docs/wire-contract.md. Prints one line per step on stdout; exit 0 when
// every step worked, 1 with the reason on stderr otherwise.
//
// Settings (environment; the defaults are the sandbox's, `./dataproxy sandbox`):
//   DATAPROXY_BOOTSTRAP_SERVERS    localhost:9092
//   DATAPROXY_SCHEMA_REGISTRY_URL  http://localhost:8081
//   DATAPROXY_URL_REQUESTS, DATAPROXY_URL_REPLIES              dataproxy.url.requests, dataproxy.url.replies
//   DATAPROXY_CATALOG_COMMANDS, DATAPROXY_CATALOG_REPLIES      catalog.commands, catalog.replies
//   DATAPROXY_PROJECT, DATAPROXY_DOMAIN                        flytesnacks, development
//   DATAPROXY_SCHEMAS_DIR          the repository's schemas/src/main/avro
//   DATAPROXY_TIMEOUT_MS           30000 (for each reply)
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const env = (name, fallback) => process.env[name] || fallback;
const settings = {
  bootstrapServers: env('DATAPROXY_BOOTSTRAP_SERVERS', 'localhost:9092').split(','),
  registryUrl: env('DATAPROXY_SCHEMA_REGISTRY_URL', 'http://localhost:8081'),
  urlRequests: env('DATAPROXY_URL_REQUESTS', 'dataproxy.url.requests'),
  urlReplies: env('DATAPROXY_URL_REPLIES', 'dataproxy.url.replies'),
  catalogCommands: env('DATAPROXY_CATALOG_COMMANDS', 'catalog.commands'),
  catalogReplies: env('DATAPROXY_CATALOG_REPLIES', 'catalog.replies'),
  project: env('DATAPROXY_PROJECT', 'flytesnacks'),
  domain: env('DATAPROXY_DOMAIN', 'development'),
  schemasDir: env('DATAPROXY_SCHEMAS_DIR', path.join(__dirname, '..', '..', 'schemas', 'src', 'main', 'avro')),
  timeoutMs: Number(env('DATAPROXY_TIMEOUT_MS', '30000')),
};

// Avro unions, as avsc (under @kafkajs/confluent-schema-registry) reads and writes them with its default
// `wrapUnions: 'auto'`:
// - a union that JavaScript types cannot tell apart, such as every envelope's `body` (a union of records), is
//   WRAPPED: an object with one key, the branch's full name, e.g.
//   {'io.dataproxy.avro.url.CreateUploadLocation': {...}}; a reply's body arrives the same way;
// - a ["null", X] field is NOT wrapped: null or the value itself ('hello.txt', a Buffer for bytes, a number of
//   milliseconds for a timestamp-millis long; logical types are not converted).
// A field with a default may be left out.
const registry = new SchemaRegistry({ host: settings.registryUrl }, { [SchemaType.AVRO]: { wrapUnions: 'auto' } });

const URL = 'io.dataproxy.avro.url.';
const CATALOG = 'io.dataproxy.avro.catalog.';
const ERROR = 'io.dataproxy.avro.common.Error';

async function main() {
  const kafka = new Kafka({
    clientId: 'dataproxy-example-node',
    brokers: settings.bootstrapServers,
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    // Java's partitioner (murmur2 of the key's bytes; kafkajs 2's default, named to say so): every record of a
    // dataset must land in the partition where the catalog keeps that dataset, whichever client wrote it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const urls = await RequestReply.open(kafka, producer, settings.urlRequests, settings.urlReplies, 'UrlRequest');
  const catalog = await RequestReply.open(kafka, producer, settings.catalogCommands, settings.catalogReplies,
    'CatalogRequest');
  try {
    await uploadAndDownload(urls);
    await putAndGet(catalog);
  } finally {
    await urls.close();
    await catalog.close();
    await producer.disconnect();
  }
}

async function uploadAndDownload(urls) {
  const content = Buffer.from(`hello from Node.js ${process.version}, ${new Date().toISOString()}\n`);
  const md5 = crypto.createHash('md5').update(content).digest();

  const requestId = crypto.randomUUID();
  const location = expect(await urls.call(requestId, {
    request_id: requestId,
    deadline: Date.now() + settings.timeoutMs,
    body: {
      [URL + 'CreateUploadLocation']: {
        project: settings.project,
        domain: settings.domain,
        filename: 'hello-node.txt',
        content_md5: md5, // the raw 16 bytes
        content_length: content.length, // the signer requires it: it bounds what the URL accepts
      },
    },
  }), URL + 'UploadLocation', 'CreateUploadLocation');

  // Exactly the headers of the reply (Content-MD5, Content-Length, ...): the signature covers some of them.
  const put = await fetch(location.signed_url, { method: 'PUT', headers: location.headers, body: content });
  if (!put.ok) {
    throw new Error(`PUT ${location.native_url}: HTTP ${put.status} ${await put.text()}`);
  }
  console.log(`upload: ${location.native_url} (${content.length} bytes, signed headers ${location.signed_headers.join(',')})`);

  const linkId = crypto.randomUUID();
  const links = expect(await urls.call(linkId, {
    request_id: linkId,
    body: { [URL + 'CreateDownloadLink']: { native_urls: [location.native_url], expires_in: 60000 } },
  }), URL + 'DownloadLinks', 'CreateDownloadLink');
  const get = await fetch(links.signed_urls[0]);
  const back = Buffer.from(await get.arrayBuffer());
  if (!get.ok || !back.equals(content)) {
    throw new Error(`GET ${location.native_url}: HTTP ${get.status}, ${back.length} bytes, not the ${content.length} uploaded`);
  }
  console.log(`download: ${location.native_url} (${back.length} bytes, the same)`);
}

async function putAndGet(catalog) {
  // One dataset per run keeps runs apart; a cache would use one per task signature.
  const dataset = {
    org: '',
    project: settings.project,
    domain: settings.domain,
    name: 'node-example',
    version: `v-${crypto.randomUUID()}`,
  };
  const key = datasetKey(dataset);

  const created = await catalog.call(key, command({ [CATALOG + 'CreateDataset']: { dataset: { id: dataset } } }));
  expect(created, CATALOG + 'DatasetResult', 'CreateDataset');
  console.log(`create-dataset: ${key}`);

  const value = Buffer.from('0.93');
  const artifactId = crypto.randomUUID();
  const put = expect(await catalog.call(key, command({
    [CATALOG + 'CreateArtifact']: {
      dataset,
      artifact_id: artifactId,
      data: [{ name: 'accuracy', inline: value, uri: null }],
      tags: ['inputs-abc'],
      ttl: 60 * 60 * 1000, // milliseconds
    },
  })), CATALOG + 'ArtifactResult', 'CreateArtifact');
  console.log(`put: ${put.artifact.artifact_id} expires ${new Date(put.artifact.expires_at).toISOString()}`);

  const got = expect(await catalog.call(key, command({
    [CATALOG + 'GetArtifact']: { dataset, tag_name: 'inputs-abc' },
  })), CATALOG + 'ArtifactResult', 'GetArtifact');
  const data = got.artifact.data.find((d) => d.name === 'accuracy');
  if (got.artifact.artifact_id !== artifactId || !data || !value.equals(data.inline)) {
    throw new Error(`get by tag inputs-abc: ${JSON.stringify(got.artifact)}, not the artifact put`);
  }
  console.log(`get: ${artifactId} by tag inputs-abc, accuracy=${data.inline.toString()}`);
}

function command(body) {
  // event_time is ignored: the catalog judges time by the broker's append time of the command.
  return { request_id: crypto.randomUUID(), event_time: null, body };
}

/** The reply body's branch, or an Error that says which error the service answered. */
function expect(reply, branch, what) {
  const [name, value] = Object.entries(reply.body)[0];
  if (name === branch) {
    return value;
  }
  if (name === ERROR) {
    throw new Error(`${what}: the service answered ${value.code}: ${value.message}`);
  }
  throw new Error(`${what}: unexpected reply ${name}`);
}

/**
 * The catalog's record key: org/project/domain/name/version, where '%', '/' and control characters inside a field
 * are percent-encoded, so that every producer partitions a dataset's records alike.
 */
function datasetKey(id) {
  const escape = (field) => field.replace(/[%/\u0000-\u001f\u007f-\u009f]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return [id.org, id.project, id.domain, id.name, id.version].map(escape).join('/');
}

/**
 * Request/reply over a pair of topics, with the headers of Spring Kafka's ReplyingKafkaTemplate: a random 16-byte
 * kafka_correlationId, echoed on the reply, and kafka_replyTopic, the service's own reply topic (a service replies
 * only to the topics its configuration allows, and its own reply topic always is one).
 */
class RequestReply {
  static async open(kafka, producer, requestTopic, replyTopic, envelope) {
    const schema = await registerEnvelope(requestTopic, envelope);
    // A group of its own per run, reading only replies that arrive after it has joined.
    const consumer = kafka.consumer({ groupId: `dataproxy-example-node-${crypto.randomUUID()}`, maxWaitTimeInMs: 200 });
    const self = new RequestReply(producer, consumer, requestTopic, replyTopic, schema);
    await consumer.connect();
    await consumer.subscribe({ topic: replyTopic, fromBeginning: false });
    const fetched = new Promise((resolve) => {
      const stop = consumer.on(consumer.events.FETCH, () => {
        stop();
        resolve();
      });
    });
    await consumer.run({ eachMessage: ({ message }) => self.onReply(message) });
    await fetched; // its positions are set: a reply to a request sent from now on will be read
    return self;
  }

  constructor(producer, consumer, requestTopic, replyTopic, schemaId) {
    Object.assign(this, { producer, consumer, requestTopic, replyTopic, schemaId });
    this.waiting = new Map(); // correlation id (hex) -> resolve
  }

  async call(key, request) {
    const correlationId = crypto.randomBytes(16);
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationId.toString('hex'));
        reject(new Error(`no reply on ${this.replyTopic} within ${settings.timeoutMs} ms`));
      }, settings.timeoutMs);
      this.waiting.set(correlationId.toString('hex'), (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    await this.producer.send({
      topic: this.requestTopic,
      acks: -1,
      messages: [{
        key, // a plain UTF-8 string
        value: await registry.encode(this.schemaId, request), // 0x00, the schema id (4 bytes), Avro binary
        headers: { kafka_correlationId: correlationId, kafka_replyTopic: this.replyTopic },
      }],
    });
    return reply;
  }

  async onReply(message) {
    const id = message.headers.kafka_correlationId;
    const resolve = id && this.waiting.get(Buffer.from(id).toString('hex'));
    if (resolve) { // delivery is at least once: keep the first reply, ignore others' replies
      this.waiting.delete(Buffer.from(id).toString('hex'));
      resolve(await registry.decode(message.value)); // with the writer's schema, fetched by the id in the value
    }
  }

  async close() {
    await this.consumer.disconnect();
  }
}

/**
 * Registers the request envelope under its topic's subject (<topic>-value) and returns its id, as Confluent's
 * serializers do with auto.register.schemas; registering the same schema again returns the same id. The .avsc
 * files name the types they share (DatasetId, Error, ...) by full name: the registry takes one self-contained
 * schema, so those are written out in place, each once.
 */
async function registerEnvelope(topic, envelope) {
  const definitions = new Map();
  for (const dir of fs.readdirSync(settings.schemasDir, { withFileTypes: true })) {
    if (dir.isDirectory()) {
      for (const file of fs.readdirSync(path.join(settings.schemasDir, dir.name))) {
        if (file.endsWith('.avsc')) {
          const schema = JSON.parse(fs.readFileSync(path.join(settings.schemasDir, dir.name, file), 'utf8'));
          definitions.set(`${schema.namespace}.${schema.name}`, schema);
        }
      }
    }
  }
  const written = new Set();
  const inline = (node) => {
    if (typeof node === 'string') {
      if (definitions.has(node) && !written.has(node)) {
        written.add(node);
        return inline(definitions.get(node));
      }
      return node;
    }
    if (Array.isArray(node)) {
      return node.map(inline);
    }
    if (node && typeof node === 'object') {
      if (node.name && node.namespace) {
        written.add(`${node.namespace}.${node.name}`);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'default' ? v : inline(v)]));
    }
    return node;
  };
  const full = inline(`${envelope === 'UrlRequest' ? URL : CATALOG}${envelope}`);
  // updateConfig false: a client registers its schema, it does not set the subject's compatibility level.
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(full) },
    { subject: `${topic}-value`, updateConfig: false });
  return id;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`dataproxy-example-node: ${error.message}`);
    process.exit(1);
  });
