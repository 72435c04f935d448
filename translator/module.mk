# translator/module.mk: the translator library (libjmon_translator.a) and its dev tools.
# Add sources with `TRANSLATOR_SRCS += translator/....c` right below the list, above the rules
# (make expands a rule's prerequisites where the rule is read).

TRANSLATOR_SRCS := \
  translator/leb128.c \
  translator/wasm_opcodes.c \
  translator/wasm_reader.c \
  translator/wasm_writer.c \
  translator/wasm_edit.c

# build pipeline (read → rewrite → wasm2c → split → compile → link)
TRANSLATOR_SRCS += \
  translator/qjs_bytecode.c \
  translator/c_splitter.c \
  translator/text_buffer.c \
  translator/glue_writer.c \
  translator/rewriter.c \
  translator/dispatch_finder.c \
  translator/fuel_pass.c \
  translator/js_table.c \
  translator/source_map.c \
  translator/js_origin.c \
  report/json.c \
  translator/qjs_builtins.c \
  translator/object_cache.c \
  translator/compiler_driver.c \
  translator/dynamic_link.c \
  translator/build_pipeline.c

TRANSLATOR_OBJS = $(TRANSLATOR_SRCS:%.c=$(OBJ)/%.o)

all: $(TRANSLATOR_LIB) $(BIN)/jmon-wasm-roundtrip $(BIN)/jmon-aot

# jmon-aot links every app_mon against wabt's runtime (paths found in the top Makefile).
$(OBJ)/translator/build_pipeline.o: CFLAGS_EXTRA += -DJMON_WASM_RT_IMPL_LIB='"$(WASM_RT_IMPL_LIB)"' \
  -DJMON_WASM_RT_HEADER='"$(WASM_RT_HEADER)"'

$(TRANSLATOR_LIB): $(TRANSLATOR_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN)/jmon-wasm-roundtrip: $(OBJ)/translator/tools/wasm_roundtrip.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^

$(BIN)/jmon-aot: $(OBJ)/translator/cli/main.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcrypto

# jmon-qjs-dump: lists the JS functions (names, lines, pc2line) of QuickJS bytecode or a javy module.
all: $(BIN)/jmon-qjs-dump
$(BIN)/jmon-qjs-dump: $(OBJ)/translator/tools/qjs_dump.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^
