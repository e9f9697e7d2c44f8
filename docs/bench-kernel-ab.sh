#!/usr/bin/env bash
# A/B of two builds of hardmax in one session (speed figures on a shared machine compare only within a run):
# model-only inference (2 rounds, interleaved), one training epoch of the bundled configuration, and classify
# imdb:test end to end (the outputs must be identical when the kernels compute the same sets).
# Usage: docs/bench-kernel-ab.sh OLD.jar NEW.jar MODEL.hmx [VARIANT]
#   e.g. git worktree add /tmp/old 1c5cff0 && (cd /tmp/old && mvn -q -o -DskipTests -pl cli -am package)
#        docs/bench-kernel-ab.sh /tmp/old/cli/target/hardmax.jar cli/target/hardmax.jar /tmp/bundled.hmx distance-2ch
set -euo pipefail
old=$1; new=$2; model=$3; variant=${4:-distance-2ch}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime)"
for r in 1 2; do
  for side in old new; do
    jar=$old; [ "$side" = new ] && jar=$new
    echo "== $side inference, round $r ($(uptime | sed 's/.*load/load/'))"
    java -Xmx4g -jar "$jar" bench infer --model "$model" --threads 2 --runs 5 --warmup 1 2>&1 | tail -1
  done
done
for side in old new; do
  jar=$old; [ "$side" = new ] && jar=$new
  echo "== $side training, one epoch of the bundled configuration's $variant ($(uptime | sed 's/.*load/load/'))"
  java -Xmx4g -jar "$jar" bench train --variants "$variant" --runs 1 --warmup 0 --threads 2 2>&1 | tail -2
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for side in old new; do
  jar=$old; [ "$side" = new ] && jar=$new
  echo "== $side classify imdb:test ($(uptime | sed 's/.*load/load/'))"
  /usr/bin/time -f "$side classify: %e s wall, %U s user, %S s sys, %M KB maxrss" \
    java -Xms64m -Xmx400m -XX:+UseSerialGC -jar "$jar" classify --model "$model" --threads 2 imdb:test > "$tmp/$side.txt"
done
cmp "$tmp/old.txt" "$tmp/new.txt" && echo "classify outputs identical ($(wc -l < "$tmp/new.txt") lines)"
echo "end: $(uptime)"
