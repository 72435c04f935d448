# tools/module.mk: the tools `make demo`, perf/ and the tests make javy modules and reference runs
# with: builds $(BIN)/jmon-javy-build (javy's static/dynamic codegen). The node tools
# (javy_compile.mjs, node_run.mjs + wasi_runner.mjs) and the plugin fetch scripts need no build.

JAVY_BUILD      := $(BIN)/jmon-javy-build
JAVY_BUILD_OBJS := $(OBJ)/tools/javy_build.o

.PHONY: tools
tools: $(JAVY_BUILD)

# javy_build.c includes "translator/wasm_module.h" relative to the repository root.
$(JAVY_BUILD_OBJS): CFLAGS_EXTRA += -I.

$(JAVY_BUILD): $(JAVY_BUILD_OBJS) $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $(JAVY_BUILD_OBJS) $(TRANSLATOR_LIB)
