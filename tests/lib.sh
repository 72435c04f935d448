# tests/lib.sh: what every shell test suite shares. Source it (`. "$ROOT/tests/lib.sh"`), report
# each check with ok/bad/skip, end with `finish` (the last line of every suite is
# `N passed, N failed`; its status is 1 when anything failed). Fatal setup problems: die.

pass=0 fail=0 skipped=0

# ok [NAME [DETAIL]]: a check passed (a PASS line when named)
ok() { pass=$((pass + 1)); [ $# -eq 0 ] || echo "PASS $1${2:+ ($2)}"; }
# bad NAME [WHY]: a check failed
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# skip NAME WHY: a check that could not run here (counted, and said, never silent)
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
# die MESSAGE: the suite cannot run at all (exit 2)
die() { echo "$(basename "$0"): error: $*" >&2; exit 2; }

# finish: the summary; exit status 1 when anything failed
finish() {
  [ "$skipped" -eq 0 ] || echo "$skipped skipped"
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
