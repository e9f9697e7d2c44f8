#!/usr/bin/env bash
# Usage: docs/probe/bench-classify-ab.sh BEFORE.jar AFTER.jar  (jars copied out of cli/target, so rebuilds do not disturb the runs)
# interleaved before/after runs, with the JVM options of the launcher's classify (without the CDS archive):
# BEFORE_OPTS for the before jar (default: the launcher's options up to 8144c77), AFTER_OPTS for the after jar
# (default: the launcher's options now, which add -XX:-DontCompileHugeMethods); set both to compare jars alone.
cd "$(dirname "$0")/../.."
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2")
B=${BEFORE_OPTS:-"-Xms64m -Xmx400m -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr"}
A=${AFTER_OPTS:-"-Xms64m -Xmx400m -XX:+UseSerialGC -XX:-DontCompileHugeMethods -Xlog:disable -Xlog:all=warning:stderr"}
echo "before: java $B -jar $before"
echo "after:  java $A -jar $after"
for i in 1 2 3; do
  uptime
  docs/bench-classify.sh before-text 1 -- java $B -jar "$before" classify imdb:test
  docs/bench-classify.sh after-text 1 -- java $A -jar "$after" classify imdb:test
  docs/bench-classify.sh before-jsonl 1 -- java $B -jar "$before" classify --format jsonl imdb:test
  docs/bench-classify.sh after-jsonl 1 -- java $A -jar "$after" classify --format jsonl imdb:test
done
uptime
