#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md, one after the other (they must not share the machine), outputs kept in
# bench-results/<time>/. Needs `./mvnw -B -q install -DskipTests` first. About 45 minutes on 2 cores.
#
#   bench/run-all.sh [jmh] [dataset] [expiry] [restore] [e2e]      default: all five
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "bench/run-all.sh: no $jar; run ./mvnw -B -q install -DskipTests first" >&2; exit 2; }
out="$root/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
parts=("$@")
(( ${#parts[@]} )) || parts=(jmh dataset expiry restore e2e)

for part in "${parts[@]}"; do
  echo "== $part (output: $out/$part.txt)"
  case "$part" in
    jmh) java -jar "$jar" 'PresignBenchmark|SerdeBenchmark|SignerHandlerBenchmark|CatalogCommandBenchmark' \
           -f 1 -wi 2 -w 2s -i 3 -r 3s -prof gc -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt" ;;
    dataset) java -jar "$jar" 'ListArtifactsBenchmark|ListByLoadingDatasetBenchmark' -f 1 -wi 1 -w 3s -i 3 -r 3s \
               -rf json -rff "$out/dataset.json" | tee "$out/dataset.txt" ;;
    expiry) java -Xmx2g -cp "$jar" io.dataproxy.bench.catalog.ExpiryBenchmark 1000000 5 | tee "$out/expiry.txt" ;;
    restore) java -Xmx3g -cp "$jar" io.dataproxy.bench.restore.RestoreBenchmark 1000000 --work-dir "$out/restore" \
               | tee "$out/restore.txt" ;;
    e2e) WORK="$out/e2e" "$root/bench/e2e/run.sh" 30s 30s | tee "$out/e2e.txt" ;;
    *) echo "bench/run-all.sh: unknown part $part (jmh, dataset, expiry, restore, e2e)" >&2; exit 2 ;;
  esac
done
echo "bench/run-all.sh: done; outputs in $out"
