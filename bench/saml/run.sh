#!/usr/bin/env bash
# JMH: verified SAML responses per second on one thread (the ACS's parse + verify + checks).
# bench/saml/run.sh [extra JMH options], e.g. bench/saml/run.sh -wi 3 -i 5
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="bench/results/raw/saml"
mkdir -p "$out/classes"
# one reactor run: the gateway's (last written) test classpath names contracts' classes in place
./mvnw -B -ntp -q -pl sso-gateway -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/$out/gateway-classpath.txt" >/dev/null
./mvnw -B -ntp -q -f bench/saml/jmh-pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$root/$out/jmh-classpath.txt" >/dev/null
classpath="sso-gateway/target/classes:sso-gateway/target/test-classes:$(cat "$out/gateway-classpath.txt"):$(cat "$out/jmh-classpath.txt")"
"${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/javac" -cp "$classpath" -processorpath "$(cat "$out/jmh-classpath.txt")" \
  -d "$out/classes" bench/saml/AcsVerifyBench.java
for java in "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  [ -x "$java" ] || continue
  echo "## $("$java" -version 2>&1 | head -1)"
  "$java" -cp "$out/classes:$classpath" org.openjdk.jmh.Main AcsVerifyBench -f 1 -t 1 -wi 5 -w 3s -i 5 -r 3s \
    -jvm "$java" -jvmArgs "-Xmx512m" "$@"
  echo "## per CPU-second of the measuring thread (the per-core rate on a shared machine)"
  "$java" -Xmx512m -cp "$out/classes:$classpath" io.jitsso.bench.AcsVerifyBench 20
  echo "## load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
done
