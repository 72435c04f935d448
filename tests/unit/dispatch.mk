# tests/unit/dispatch.mk: builds and runs the cmocka tests of the dispatch finder. The .wat inputs
# under tests/wat/dispatch/ are assembled with wat2wasm at build time; the real javy plugin
# (interpreter 338, load at 0x2d90a) comes through $(PLUGIN_ENV) (tests/module.mk).

DISPATCH_UNIT_TEST := $(BIN)/tests/test_dispatch_finder
DISPATCH_UNIT_WAT := $(wildcard tests/wat/dispatch/*.wat)
DISPATCH_UNIT_WASM := $(DISPATCH_UNIT_WAT:tests/wat/dispatch/%.wat=$(BUILD)/tests/wat/dispatch/%.wasm)

.PHONY: test-unit-dispatch
test-unit: test-unit-dispatch

$(OBJ)/tests/unit/test_dispatch_finder.o: CFLAGS_EXTRA += -Itranslator

$(DISPATCH_UNIT_TEST): $(OBJ)/tests/unit/test_dispatch_finder.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka

$(BUILD)/tests/wat/dispatch/%.wasm: tests/wat/dispatch/%.wat
	@mkdir -p $(dir $@)
	$(WAT2WASM) $< -o $@

test-unit-dispatch: $(DISPATCH_UNIT_TEST) $(DISPATCH_UNIT_WASM)
	$(PLUGIN_ENV) JMON_TEST_WASM_DIR=$(BUILD)/tests/wat/dispatch $(DISPATCH_UNIT_TEST)
