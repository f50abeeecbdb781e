#!/usr/bin/env bash
# Runs Cusp's JMH benchmarks once per ND4J/OpenMP thread setting and prints Markdown tables.
#   bench/run.sh                      # everything, threads 1 and 2
#   bench/run.sh 'InputGradient' quick
#   THREADS="1" bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
include="${1:-dev.cusp.bench.*}"
mode="${2:-full}"
echo "building bench ..." >&2
./mvnw -B -q -pl bench -am package -DskipTests
cp_file="$PWD/bench/target/classpath.txt"
./mvnw -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="bench/target/classes:$(cat "$cp_file")"
for t in ${THREADS:-1 2}; do
  echo "running with OMP_NUM_THREADS=$t ..." >&2
  OMP_NUM_THREADS=$t java -cp "$cp" dev.cusp.bench.BenchMain "$include" "$mode" | sed -n '/^## OMP/,$p'
done
