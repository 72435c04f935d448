# tests/unit/wasm.mk: builds and runs the cmocka unit tests of the wasm reader and writer and of the dynamic linker.
# The .wat inputs under tests/wat/unit/ are assembled with wat2wasm at build time.

WASM_UNIT_TESTS := $(BIN)/tests/test_wasm_reader $(BIN)/tests/test_wasm_writer $(BIN)/tests/test_dynamic_link
WASM_UNIT_WAT := $(wildcard tests/wat/unit/*.wat)
WASM_UNIT_WASM := $(WASM_UNIT_WAT:tests/wat/unit/%.wat=$(BUILD)/tests/wat/unit/%.wasm)
# names.wat exists to give the writer a "name" custom section to carry.
WAT2WASM_FLAGS_names := --debug-names

.PHONY: test-unit-wasm
test-unit: test-unit-wasm

$(OBJ)/tests/unit/test_wasm_%.o $(OBJ)/tests/unit/test_dynamic_link.o: CFLAGS_EXTRA += -Itranslator

$(WASM_UNIT_TESTS): $(BIN)/tests/%: $(OBJ)/tests/unit/%.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka

$(BUILD)/tests/wat/unit/%.wasm: tests/wat/unit/%.wat
	@mkdir -p $(dir $@)
	$(WAT2WASM) $(WAT2WASM_FLAGS_$*) $< -o $@

# The real plugin round trip uses $(PLUGIN_ENV) (tests/module.mk).
test-unit-wasm: $(WASM_UNIT_TESTS) $(WASM_UNIT_WASM)
	JMON_TEST_WASM_DIR=$(BUILD)/tests/wat/unit $(BIN)/tests/test_wasm_reader
	$(PLUGIN_ENV) JMON_TEST_WASM_DIR=$(BUILD)/tests/wat/unit $(BIN)/tests/test_wasm_writer
	JMON_TEST_WASM_DIR=$(BUILD)/tests/wat/unit $(BIN)/tests/test_dynamic_link
