# tests/e2e/e2e.mk: `make test-e2e` runs every tests/js program as a real javy module under node and as app_mon.
# Included from tests/module.mk (after tools/module.mk, which defines $(JAVY_BUILD)).
# E2E=NAME1,NAME2 restricts the run; E2E_PROBES / E2E_JOBS / JMON_PLUGIN pass through (see run_e2e.sh).

comma := ,

.PHONY: test-e2e
# The plain build (the speed baseline), the fuel build and the JS build; with probes every
# profile's invariants, determinism and the independent fuel oracle are checked, with JS also
# names/lines/calls against `// expect-js:` markers in the sources. The same programs as javy
# dynamic modules (--plugin) must match node linking the two instances, and the static fuel;
# run_legacy_tests.sh runs the legacy plugin ABI (static and dynamic).
# run_fuel46_e2e.sh: one program (console, or the first of E2E) under --fuel-model wasmtime46 against the oracle.
# run_sourcemap_tests.sh: esbuild bundles (TypeScript, minified, inline map, lodash-es) with their source maps.
test-e2e: all $(JAVY_BUILD) $(BIN)/jmon-fuel-oracle $(BIN)/jmon-report
	E2E_BUILD=$(BUILD) E2E_PROBES=none tests/e2e/run_e2e.sh $(subst $(comma), ,$(E2E))
	E2E_BUILD=$(BUILD) E2E_PROBES=fuel tests/e2e/run_e2e.sh $(subst $(comma), ,$(E2E))
	E2E_BUILD=$(BUILD) tests/e2e/run_fuel46_e2e.sh $(if $(E2E),$(firstword $(subst $(comma), ,$(E2E))),console)
	E2E_BUILD=$(BUILD) E2E_PROBES=js tests/e2e/run_e2e.sh $(subst $(comma), ,$(E2E))
	E2E_BUILD=$(BUILD) E2E_PROBES=js E2E_DYNAMIC=1 tests/e2e/run_e2e.sh $(subst $(comma), ,$(E2E))
	E2E_BUILD=$(BUILD) tests/e2e/run_legacy_tests.sh
	E2E_BUILD=$(BUILD) tests/e2e/run_js_fallback.sh
	E2E_BUILD=$(BUILD) tests/e2e/run_host_tests.sh
	E2E_BUILD=$(BUILD) tests/e2e/run_sourcemap_tests.sh
