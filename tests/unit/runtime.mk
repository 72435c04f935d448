# tests/unit/runtime.mk: `make test-unit-runtime` runs the runtime's cmocka test and the
# .wat end-to-end tests (tests/unit/run_runtime_tests.sh: built by jmon-aot with the real glue).

RUNTIME_TEST_BIN := $(BUILD)/tests/unit/test_wasi_host

.PHONY: test-unit-runtime
test-unit: test-unit-runtime

$(OBJ)/tests/unit/test_wasi_host.o: CFLAGS_EXTRA += -Iruntime

$(RUNTIME_TEST_BIN): $(OBJ)/tests/unit/test_wasi_host.o $(RUNTIME_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) $< -L$(LIBDIR) -ljmon_rt $(WASM_RT_IMPL_LIB) -lcmocka -lpthread -o $@

test-unit-runtime: $(RUNTIME_TEST_BIN) $(RUNTIME_LIB) $(RUNTIME_INSTALLED_HEADERS) $(BIN)/jmon-aot all
	$(RUNTIME_TEST_BIN)
	JMON_AOT=$(BIN)/jmon-aot SAN="$(SAN)" LIBDIR="$(LIBDIR)" WORK="$(BUILD)/tests/runtime" \
	  tests/unit/run_runtime_tests.sh
