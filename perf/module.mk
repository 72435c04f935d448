# perf/module.mk: `make bench` (the perf harness: probe levels vs the plain build and node, perf/RESULTS.md).
# Included from the top Makefile. perf/bench.sh documents its environment knobs;
# `make bench-smoke` is a quick check of the harness itself (1 run, no build times, no callgrind).

.PHONY: bench bench-smoke bench-breakdown bench-compilers corpus bench-corpus
bench: all $(BIN)/jmon-javy-build plugin
	perf/bench.sh

bench-smoke: all $(BIN)/jmon-javy-build plugin
	BENCH_RUNS=1 BENCH_BUILD_TIMES=0 BENCH_CALLGRIND=0 BENCH_OUT=$(BUILD)/perf/RESULTS.smoke.md perf/bench.sh fib cart

# Where the fuel probes' overhead goes: callgrind counts of builds with part of the probes
# (perf/breakdown.sh; needs the modules `make bench-smoke` or `make bench` made).
bench-breakdown: all
	perf/breakdown.sh

# gcc / clang at -O1 / -O2: cold build time against run speed (perf/compilers.sh; same modules).
bench-compilers: all
	perf/compilers.sh

# The real-world corpus: esbuild bundles of npm libraries (pinned in perf/corpus/package-lock.json,
# fetched into ~/.cache/jmon-aot/corpus) driven by perf/corpus/drivers, as javy modules with
# their source maps in build/perf/corpus (perf/corpus.sh documents the layout).
corpus: all $(BIN)/jmon-javy-build plugin
	perf/corpus.sh

# The corpus only (perf/RESULTS.md then holds its table alone: copy it into the full report).
bench-corpus: all $(BIN)/jmon-javy-build plugin
	BENCH_SET=corpus BENCH_OUT=$(BUILD)/perf/RESULTS.corpus.md perf/bench.sh
