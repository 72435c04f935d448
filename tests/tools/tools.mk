# tests/tools/tools.mk: test tools; builds $(BIN)/jmon-javy-build (javy static codegen for fixtures).
# Included from tests/module.mk. The node tools (javy_compile.mjs, node_run.mjs) and
# fetch_plugin.sh need no build.

JAVY_BUILD      := $(BIN)/jmon-javy-build
JAVY_BUILD_OBJS := $(OBJ)/tests/tools/javy_build.o

.PHONY: test-tools
test-tools: $(JAVY_BUILD)

# javy_build.c includes "translator/wasm_module.h" relative to the repository root.
$(JAVY_BUILD_OBJS): CFLAGS_EXTRA += -I.

$(JAVY_BUILD): $(JAVY_BUILD_OBJS) $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $(JAVY_BUILD_OBJS) $(TRANSLATOR_LIB) $(TRANSLATOR_LDLIBS)
