#!/bin/sh
# fake_app.sh: a stand-in for app_mon to test jmon-run's plumbing without a wasm build. It
# writes a profile to $JMON_PROFILE whose total_fuel is the byte length of its first argument
# (or of stdin when it has no argument), and exits with the code named by "exit=N" in that text
# (0 otherwise); "noprofile" in the text exits 3 without writing one.
if [ $# -ge 1 ]; then text=$1; else text=$(cat); fi
case $text in *noprofile*) exit 3 ;; esac
code=$(printf '%s' "$text" | sed -n 's/.*exit=\([0-9]*\).*/\1/p')
n=$(printf '%s' "$text" | wc -c)
printf '{"schema": 1, "module": "fake", "module_sha256": "00", "probes": "fuel", "total_fuel": %d, "exit": {"code": %d, "trap": null}, "wasm_functions": [{"index": 1, "name": "f1", "calls": 1, "self_fuel": %d, "total_fuel": %d}]}\n' \
  "$n" "${code:-0}" "$n" "$n" > "$JMON_PROFILE"
echo "fake: $n bytes"
exit "${code:-0}"
