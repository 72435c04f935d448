# tests/unit/source_map.mk: cmocka tests of the source map reader and the name rule (translator/source_map.c, js_origin.c).

SMAP_UNIT_TEST := $(BIN)/tests/test_source_map

.PHONY: test-unit-source-map
test-unit: test-unit-source-map

$(OBJ)/tests/unit/test_source_map.o: CFLAGS_EXTRA += -Itranslator

$(SMAP_UNIT_TEST): $(OBJ)/tests/unit/test_source_map.o $(BUILD)/lib/libjmon_translator.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka

test-unit-source-map: $(SMAP_UNIT_TEST)
	$(SMAP_UNIT_TEST)
