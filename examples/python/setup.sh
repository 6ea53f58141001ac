#!/usr/bin/env bash
# Installs what dataproxy_example.py needs from Debian's packages: python3-confluent-kafka (Kafka, through
# librdkafka) and python3-avro (Apache Avro). Idempotent: nothing happens when Debian's python3 already imports both.
# Needs root (apt-get) when something is missing. Prints the interpreter to run the example with.
set -euo pipefail

python=/usr/bin/python3
if [[ -x "$python" ]] && "$python" -c 'import confluent_kafka, avro' 2>/dev/null; then
  echo "$python"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "examples/python/setup.sh: needs python3-confluent-kafka and python3-avro; as root on Debian or Ubuntu:" \
       "apt-get install python3-confluent-kafka python3-avro" >&2
  exit 1
fi
echo "examples/python/setup.sh: installing python3-confluent-kafka python3-avro from Debian's packages" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-confluent-kafka python3-avro >/dev/null
"$python" -c 'import confluent_kafka, avro'
echo "$python"
