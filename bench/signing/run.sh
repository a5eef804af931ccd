#!/usr/bin/env bash
# Sign/verify rates of the suite's JWS code per algorithm, one thread: bench/signing/run.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mkdir -p bench/results/raw
./mvnw -B -ntp -q -f session-service/pom.xml compile dependency:build-classpath \
  -Dmdep.outputFile="$root/bench/results/raw/session-classpath.txt" >/dev/null
classpath="session-service/target/classes:$(cat bench/results/raw/session-classpath.txt)"
for java in "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  [ -x "$java" ] || continue
  echo "## $("$java" -version 2>&1 | head -1)"
  "$java" -cp "$classpath" bench/signing/SigningBench.java "${1:-5}"
done
