# tests/module.mk: `make test` = unit (cmocka + runtime .wat) + cli + end-to-end on real javy
# modules. Each part lives in its own fragment; this file only wires them together.

PLUGIN_FETCH := tools/fetch_plugin.sh
# For recipes whose tests use the real plugin: the caller's JMON_PLUGIN_WASM, else the fetched
# (cached, sha256-checked) one, so `make test-unit` alone runs them too.
PLUGIN_ENV = JMON_PLUGIN_WASM="$${JMON_PLUGIN_WASM:-$$($(PLUGIN_FETCH))}"

.PHONY: test test-unit test-cli test-e2e test-sanitize plugin
test-unit:

include tests/unit/wasm.mk
include tests/unit/runtime.mk
include tests/unit/dispatch.mk
include tests/unit/qjs.mk
include tests/unit/source_map.mk
include tests/unit/trace.mk
include tests/unit/profile_cost.mk
-include tests/tools/fuel_oracle.mk
include tests/e2e/e2e.mk
include tests/fuzz/fuzz.mk
include tests/diff/diff.mk
include tests/faults/faults.mk

# The real javy plugin (npm, sha256-checked, never committed), fetched once into the user cache.
plugin:
	@$(PLUGIN_FETCH) >/dev/null

test-cli: all
	$(PLUGIN_ENV) JMON_AOT=$(BIN)/jmon-aot tests/cli/run_cli_tests.sh

# The SVG flame graph rendered by headless Chromium: one rect per frame, widths ∝ fuel.
.PHONY: test-svg
test-svg: all
	E2E_BUILD=$(BUILD) JMON_REPORT=$(BIN)/jmon-report tests/report/run_svg_chromium.sh

# The budget workflow on the real cart function: jmon-run over 120 generated inputs, merge sums,
# worst input, budget exit status, diff of two builds, --fail-over, SVGs in Chromium.
.PHONY: test-runner
test-runner: all $(JAVY_BUILD)
	E2E_BUILD=$(BUILD) tests/runner/run_corpus_tests.sh

# Hand-computed fuel of tests/wat/fuel/*.wat against `--probes fuel` builds.
.PHONY: test-fuel
test-fuel: all
	JMON_AOT=$(BIN)/jmon-aot tests/unit/run_fuel_tests.sh

# Unit tests run last: the QuickJS parser's tests read the fixtures test-e2e makes.
test: all plugin
	$(MAKE) --no-print-directory test-cli
	$(MAKE) --no-print-directory test-fuel
	$(MAKE) --no-print-directory test-fuel-oracle
	$(MAKE) --no-print-directory test-e2e
	$(MAKE) --no-print-directory test-report
	$(MAKE) --no-print-directory test-svg
	$(MAKE) --no-print-directory test-runner
	$(MAKE) --no-print-directory test-fuzz-replay
	$(MAKE) --no-print-directory test-diff
	$(MAKE) --no-print-directory test-faults
	JMON_PLUGIN_WASM=$$($(PLUGIN_FETCH)) $(MAKE) --no-print-directory test-unit

# Our own code (translator, runtime, tests) under ASan+UBSan, in a separate build tree. The
# generated code is compiled as usual (and cached); the sanitized runtime is linked into it.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
test-sanitize:
	$(MAKE) --no-print-directory BUILD=build-san OPT="-O1 -g" SAN="$(SAN_FLAGS)" test
