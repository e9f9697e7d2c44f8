#!/usr/bin/env bash
# Measures hardmax classify end to end (JVM start included): wall clock, CPU, peak RSS (GNU time -v).
# Usage: docs/bench-classify.sh NAME RUNS -- COMMAND...   e.g.
#   docs/bench-classify.sh text 3 -- ./hardmax classify imdb:test
#   docs/bench-classify.sh before-text 3 -- java -Xmx4g -jar /tmp/before.jar classify imdb:test
# Prints one line per run and the medians; the output of the command goes to /dev/null (its line count is kept).
set -euo pipefail
name=$1; runs=$2; shift 3
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$runs"); do
  s=$(date +%s.%N)
  /usr/bin/time -v -o "$tmp/t" "$@" < "${BENCH_STDIN:-/dev/null}" > "$tmp/out"
  e=$(date +%s.%N)
  wall=$(echo "$e - $s" | bc)
  rss=$(awk '/Maximum resident/ {print $6}' "$tmp/t")
  cpu=$(awk '/User time/ {u=$4} /System time/ {s=$4} END {print u + s}' "$tmp/t")
  lines=$(wc -l < "$tmp/out")
  echo "$name run $i: wall ${wall} s, cpu ${cpu} s, peak rss ${rss} KB, ${lines} output lines"
  echo "$wall $cpu $rss $lines" >> "$tmp/all"
done
med() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "$name median: wall $(cut -d' ' -f1 "$tmp/all" | med) s, cpu $(cut -d' ' -f2 "$tmp/all" | med) s," \
  "peak rss $(cut -d' ' -f3 "$tmp/all" | med) KB, $(cut -d' ' -f4 "$tmp/all" | head -1) lines/run"
