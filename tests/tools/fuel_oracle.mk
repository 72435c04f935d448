# tests/tools/fuel_oracle.mk: builds $(BIN)/jmon-fuel-oracle, the independent per-instruction fuel
# oracle, and `make test-fuel-oracle` which checks it against tests/wat/fuel/*.wat's headers.
# Include from tests/module.mk. Links only the translator's wasm reader/writer (no fuel code).

FUEL_ORACLE      := $(BIN)/jmon-fuel-oracle
FUEL_ORACLE_OBJS := $(OBJ)/tests/tools/fuel_oracle.o

.PHONY: test-fuel-oracle

# fuel_oracle.c includes "translator/wasm_module.h" relative to the repository root.
$(FUEL_ORACLE_OBJS): CFLAGS_EXTRA += -I.

$(FUEL_ORACLE): $(FUEL_ORACLE_OBJS) $(TRANSLATOR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $(FUEL_ORACLE_OBJS) $(TRANSLATOR_LIB)

test-fuel-oracle: $(FUEL_ORACLE)
	BIN=$(BIN) BUILD=$(BUILD) sh tests/unit/run_fuel_oracle_tests.sh
