#!/usr/bin/env bash
# Runs Cusp's JMH benchmarks once per ND4J/OpenMP thread setting and prints Markdown tables; then the two
# harness benchmarks on the trained models (attacks, singularity analysis) unless HARNESS=no.
#   bench/run.sh                      # everything, threads 1 and 2
#   bench/run.sh 'InputGradient' quick
#   bench/run.sh 'InputGradient|Jacobian' quick onednn=on    # JMH parameters after the mode
#   THREADS="1" HARNESS=no bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
include="${1:-dev.cusp.bench.*}"
mode="${2:-full}"
echo "building bench ..." >&2
cp_file="$PWD/bench/target/classpath.txt"
# One reactor build, so that core resolves to this tree's core/target jar, never to a cusp-core in ~/.m2;
# bench is built last, so its class path is the one left in the file.
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$cp_file" >/dev/null
cp="bench/target/classes:$(cat "$cp_file")"
for t in ${THREADS:-1 2}; do
  echo "running with OMP_NUM_THREADS=$t ..." >&2
  OMP_NUM_THREADS=$t java -cp "$cp" dev.cusp.bench.BenchMain "$include" "$mode" "${@:3}" | sed -n '/^## OMP/,$p'
  if [ "${HARNESS:-yes}" = yes ]; then
    # progress lines go to stderr; the tables to stdout
    OMP_NUM_THREADS=$t java -cp "$cp" dev.cusp.bench.AttackThroughput 2>&1 >&3 | grep -v '^SLF4J' >&2
    OMP_NUM_THREADS=$t java -cp "$cp" dev.cusp.bench.AnalysisThroughput 2>&1 >&3 | grep -v '^SLF4J' >&2
  fi 3>&1
done
