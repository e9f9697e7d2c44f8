#!/usr/bin/env bash
# Usage: docs/probe/bench-classify-ab.sh BEFORE.jar AFTER.jar  (jars copied out of cli/target, so rebuilds do not disturb the runs)
# interleaved before/after runs, same JVM options as the launcher's classify (without the CDS archive)
cd "$(dirname "$0")/../.."
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2")
O="-Xms64m -Xmx400m -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr"
for i in 1 2 3; do
  uptime
  docs/bench-classify.sh before-text 1 -- java $O -jar "$before" classify imdb:test
  docs/bench-classify.sh after-text 1 -- java $O -jar "$after" classify imdb:test
  docs/bench-classify.sh before-jsonl 1 -- java $O -jar "$before" classify --format jsonl imdb:test
  docs/bench-classify.sh after-jsonl 1 -- java $O -jar "$after" classify --format jsonl imdb:test
done
uptime
