# tests/diff/diff.mk: `make test-diff` — the rewriter's differential test on 15 fixed wasm-opt -ttf seeds.

$(BIN)/tests/jmon-make-start: $(OBJ)/tests/diff/make_start.o $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^

.PHONY: test-diff
test-diff: all $(BIN)/jmon-fuel-oracle $(BIN)/tests/jmon-make-start
	BIN=$(BIN) BUILD=$(BUILD) tests/diff/run_diff.sh 1 15
