#!/usr/bin/env bash
# Usage: docs/probe/jit-cpu.sh "JVM OPTIONS" JAR  -- runs JAR classify imdb:test and prints the CPU seconds of the JIT's
# compiler threads (C1, C2) and of the whole process, from /proc sampled every 0.5 s (the last sample of each thread:
# a lower bound, as a compiler thread that stops early keeps its last sample).
set -uo pipefail
O="$1"; J="$2"
# shellcheck disable=SC2086
java $O -jar "$J" classify imdb:test > /dev/null 2>/dev/null &
pid=$!
declare -A last
tck=$(getconf CLK_TCK)
tot=0
while kill -0 $pid 2>/dev/null; do
  for t in /proc/$pid/task/*; do
    n=$(cat "$t/comm" 2>/dev/null) || continue
    case "$n" in "C1 Compiler"*|"C2 Compiler"*) ;; *) continue;; esac
    v=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) || continue
    last[$(basename "$t")]="${n%% *} $v"
  done
  tot=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo "$tot")
  sleep 0.5
done
c1=0; c2=0
for k in "${!last[@]}"; do
  read -r kind v <<< "${last[$k]}"
  if [ "$kind" = C1 ]; then c1=$((c1 + v)); else c2=$((c2 + v)); fi
done
echo "compiler threads: C1 $(echo "scale=2; $c1 / $tck" | bc) s, C2 $(echo "scale=2; $c2 / $tck" | bc) s of CPU;" \
  "process $(echo "scale=2; $tot / $tck" | bc) s (last sample)"
