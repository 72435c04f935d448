# tests/fuzz/fuzz.mk: libFuzzer targets (`make fuzz`, clang, ASan+UBSan, build-fuzz/) and the
# libFuzzer-free replay of the saved corpus (`make test-fuzz-replay`, normal CC, build/).

FUZZ_TARGETS := fuzz_wasm_reader fuzz_rewriter fuzz_trace_decoder fuzz_qjs_bytecode fuzz_source_map fuzz_qjs_builtins
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 16384
FUZZ_CORPUS  := tests/fuzz/corpus
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CSTD) $(WARN) -O1 -g $(FUZZ_SAN) -Iprobes -Ireport

# The code under test, compiled with coverage instrumentation (fuzzer-no-link).
FUZZ_LIB_SRCS := translator/leb128.c translator/wasm_opcodes.c translator/wasm_reader.c \
                 translator/wasm_writer.c translator/wasm_edit.c translator/rewriter.c translator/fuel_pass.c \
                 translator/qjs_bytecode.c translator/qjs_builtins.c translator/source_map.c translator/js_origin.c report/json.c \
                 report/trace_reader.c report/read_file.c
FUZZ_LIB_OBJS := $(FUZZ_LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/bin/%: $(FUZZ_BUILD)/obj/tests/fuzz/%.o $(FUZZ_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ -lzstd

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)

# Each target runs FUZZ_SECONDS; new inputs go into tests/fuzz/corpus/<target>/ (the first
# corpus directory is the one libFuzzer writes to), crashes into build-fuzz/artifacts/.
.PHONY: fuzz fuzz-build fuzz-minimize test-fuzz-replay
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/bin/%)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_CORPUS)/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/bin/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- $(FUZZ_CORPUS)/$$t 2>$(FUZZ_BUILD)/$$t.log \
	    || { tail -40 $(FUZZ_BUILD)/$$t.log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' $(FUZZ_BUILD)/$$t.log; \
	  echo "fuzz: $$t corpus $$(ls $(FUZZ_CORPUS)/$$t | wc -l) files"; \
	done

# Shrink each corpus to the inputs that add coverage (keeps the committed corpus small).
fuzz-minimize: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_BUILD)/min/$$t && mkdir -p $(FUZZ_BUILD)/min/$$t; \
	  $(FUZZ_BUILD)/bin/$$t -merge=1 $(FUZZ_BUILD)/min/$$t $(FUZZ_CORPUS)/$$t 2>/dev/null; \
	  rm -rf $(FUZZ_CORPUS)/$$t && mv $(FUZZ_BUILD)/min/$$t $(FUZZ_CORPUS)/$$t; \
	  echo "fuzz-minimize: $$t $$(ls $(FUZZ_CORPUS)/$$t | wc -l) files"; \
	done

# Replay: the same LLVMFuzzerTestOneInput, driven by tests/fuzz/replay.c, built like the rest
# of the project (so under `make test-sanitize` it gets ASan+UBSan too).
FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(BIN)/tests/replay_%)
$(OBJ)/tests/fuzz/%.o: CFLAGS_EXTRA += -Iprobes -Ireport

$(BIN)/tests/replay_%: $(OBJ)/tests/fuzz/replay.o $(OBJ)/tests/fuzz/%.o \
                       $(TRANSLATOR_LIB) $(OBJ)/report/trace_reader.o $(OBJ)/report/read_file.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lzstd

test-fuzz-replay: $(FUZZ_REPLAY_BINS)
	@pass=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  out=$$($(BIN)/tests/replay_$$t $(FUZZ_CORPUS)/$$t); rc=$$?; echo "$$out" | tail -n 1 | sed "s/^/$$t: /"; \
	  p=$$(echo "$$out" | tail -n 1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\1/p'); \
	  f=$$(echo "$$out" | tail -n 1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\2/p'); \
	  [ -n "$$p" ] || { p=0; f=1; }; \
	  [ $$rc -eq 0 ] || echo "$$out" | grep '^FAIL' ; \
	  pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "test-fuzz-replay: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# Keep the objects make would otherwise delete as intermediates.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/obj/tests/fuzz/%.o) \
            $(OBJ)/tests/fuzz/replay.o $(FUZZ_TARGETS:%=$(OBJ)/tests/fuzz/%.o)
