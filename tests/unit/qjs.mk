# tests/unit/qjs.mk: builds and runs the cmocka tests of the QuickJS bytecode parser (translator/qjs_bytecode.c).
# JMON_FIXTURES_DIR (default $(BUILD)/fixtures, made by the e2e fixtures) adds the real javy
# fixtures: names and lines are checked against markers in tests/js/*.js; absent, those tests skip
# and the recipe says so in a SKIPPED line (make test runs test-e2e, which makes them, first).
# JMON_LEGACY_FIXTURES_DIR (default $(BUILD)/fixtures/legacy, made by tests/e2e/run_legacy_tests.sh)
# does the same for the legacy plugin's bytecode (Bellard's QuickJS, version 0x43).

QJS_UNIT_TEST := $(BIN)/tests/test_qjs_bytecode
JMON_FIXTURES_DIR ?= $(BUILD)/fixtures
JMON_LEGACY_FIXTURES_DIR ?= $(BUILD)/fixtures/legacy

.PHONY: test-unit-qjs
test-unit: test-unit-qjs

$(OBJ)/tests/unit/test_qjs_bytecode.o: CFLAGS_EXTRA += -Itranslator

$(QJS_UNIT_TEST): $(OBJ)/tests/unit/test_qjs_bytecode.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka

test-unit-qjs: $(QJS_UNIT_TEST)
	JMON_FIXTURES_DIR=$(JMON_FIXTURES_DIR) JMON_JS_DIR=tests/js $(QJS_UNIT_TEST)
	JMON_FIXTURES_DIR=$(JMON_LEGACY_FIXTURES_DIR) JMON_JS_DIR=tests/js $(QJS_UNIT_TEST)
	@for d in $(JMON_FIXTURES_DIR) $(JMON_LEGACY_FIXTURES_DIR); do \
	  ls $$d/*.bc >/dev/null 2>&1 || echo "test-unit-qjs: SKIPPED the real-bytecode tests: no javy fixtures (*.bc) in $$d (make test-e2e makes them; make test runs it first)" >&2; \
	done

# The builtin table (translator/qjs_builtins.c): synthetic images, and the real 1.7.0 plugin
# (fetched by tools/fetch_plugin.sh; entries checked against values read by hand) and the
# legacy 1.1.0 plugin (its name section names the C functions: an independent check).
QJS_BUILTINS_TEST := $(BIN)/tests/test_qjs_builtins
.PHONY: test-unit-qjs-builtins
test-unit: test-unit-qjs-builtins
$(OBJ)/tests/unit/test_qjs_builtins.o: CFLAGS_EXTRA += -Itranslator
$(QJS_BUILTINS_TEST): $(OBJ)/tests/unit/test_qjs_builtins.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka
test-unit-qjs-builtins: $(QJS_BUILTINS_TEST)
	JMON_PLUGIN="$$(tools/fetch_plugin.sh)" JMON_LEGACY_PLUGIN="$$(tools/fetch_legacy_plugin.sh)" \
	  $(QJS_BUILTINS_TEST)
