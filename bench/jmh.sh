#!/usr/bin/env bash
# Runs the JMH benchmarks of the sde module (e.g. bench/jmh.sh EulerMaruyamaBenchmark); extra arguments go to JMH.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl sde -am -DskipTests install >&2
mvn -B -q -pl sde dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >&2
exec java -cp "sde/target/test-classes:sde/target/classes:$(cat sde/target/jmh.classpath)" org.openjdk.jmh.Main "$@"
