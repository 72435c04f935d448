#!/bin/sh
# run_profile_cost.sh: the profile writer's cost grows with what it writes, not faster (callgrind).
#
# Usage: PROFILE_COST=build/bin/tests/profile_cost WORK=DIR [SAN=flags] tests/unit/run_profile_cost.sh
# For each shape of tests/unit/profile_cost.c (stacks, functions, big) at SMALL and LARGE scale:
# the profile's invariants (tests/tools/check_profile.py), then the instructions callgrind counts
# inside jmon_profile_write per byte written. Fails when, in any shape, the large run costs more
# than MAX_GROWTH times the small run's per byte (a super-linear writer: a stack walk per frame,
# a row scan per position, ...) or more than MAX_PER_BYTE instructions per byte (a printf per
# number). Instruction counts do not depend on the machine's load. Under a sanitizer build (SAN
# set) only the invariants are checked: callgrind does not run ASan binaries.
# Measured: 18-30 instructions per byte, growth 0.90-1.09; the writer before the buffered
# emitter: 62-141 per byte, growth up to 1.81 (stacks); deliberately super-linear variants of
# this one: a pc2line row scan per position 43.5 -> 63.9 (big, growth 1.47), a walk from the
# leaf for each frame 35.5 -> 51.7 (stacks, 1.46).
set -eu

: "${PROFILE_COST:?}" "${WORK:?}"
SMALL=1 LARGE=4
MAX_GROWTH=1.25
MAX_PER_BYTE=60
mkdir -p "$WORK"
fail=0
have_callgrind=1
if [ -n "${SAN:-}" ]; then have_callgrind=0; echo "run_profile_cost: sanitizer build: invariants only"; fi
if [ "$have_callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
  echo "run_profile_cost: error: valgrind is required (make deps)" >&2; exit 1
fi

# measure SHAPE SCALE: writes WORK/SHAPE.SCALE.json, prints "instructions bytes".
measure() {
  out="$WORK/$1.$2.json"
  if [ "$have_callgrind" = 1 ]; then
    valgrind --tool=callgrind --toggle-collect=jmon_profile_write --callgrind-out-file=/dev/null \
      "$PROFILE_COST" "$1" "$2" "$out" > /dev/null 2> "$WORK/$1.$2.log" || { cat "$WORK/$1.$2.log" >&2; return 1; }
    ir="$(sed -n 's/^==[0-9]*== Collected : *\([0-9]*\).*/\1/p' "$WORK/$1.$2.log" | tail -n 1)"
  else
    "$PROFILE_COST" "$1" "$2" "$out" || return 1
    ir=0
  fi
  why="$(python3 tests/tools/check_profile.py "$out" --label "$1 $2")" || { echo "FAIL $why" >&2; return 1; }
  echo "$ir $(wc -c < "$out")"
}

for shape in stacks functions big; do
  small="$(measure "$shape" "$SMALL")" || { fail=1; continue; }
  large="$(measure "$shape" "$LARGE")" || { fail=1; continue; }
  [ "$have_callgrind" = 1 ] || { echo "PASS $shape (invariants)"; continue; }
  verdict="$(echo "$small $large" | awk -v g="$MAX_GROWTH" -v m="$MAX_PER_BYTE" '{
    a = $1 / $2; b = $3 / $4
    printf "%s %.1f -> %.1f instructions/byte (growth %.2f, bytes %d -> %d)",
      (b > g * a || b > m) ? "FAIL" : "PASS", a, b, b / a, $2, $4 }')"
  echo "$verdict $shape"
  case "$verdict" in FAIL*) fail=1 ;; esac
done
[ "$fail" = 0 ] || { echo "run_profile_cost: the profile writer's cost grows faster than its output (limits: growth $MAX_GROWTH, $MAX_PER_BYTE/byte)" >&2; exit 1; }
echo "run_profile_cost: all shapes linear"
