#!/usr/bin/env bash
# A Java runtime for the Spark SQL tests (pyspark runs Spark in local mode inside the test process; Spark 4
# needs Java 17 or later).  Debian's own headless OpenJDK 17, installed only when `java` is missing; pyspark
# itself comes with the `dev` extra.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
    echo "java already installed: $(java -version 2>&1 | head -1)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
java -version
