# tests/unit/profile_cost.mk: `make test-profile-cost`: the profile writer's instructions per byte
# written stay flat as synthetic runs grow (tests/unit/run_profile_cost.sh, callgrind).

PROFILE_COST_BIN := $(BIN)/tests/profile_cost

.PHONY: test-profile-cost
test-unit: test-profile-cost

$(OBJ)/tests/unit/profile_cost.o: CFLAGS_EXTRA += -Iruntime -Iprobes -Igenerated

$(PROFILE_COST_BIN): $(OBJ)/tests/unit/profile_cost.o $(PROBES_OBJS) $(OBJ)/runtime/warnings.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lzstd -lpthread

test-profile-cost: $(PROFILE_COST_BIN)
	PROFILE_COST=$(PROFILE_COST_BIN) WORK=$(BUILD)/tests/profile_cost SAN="$(SAN)" tests/unit/run_profile_cost.sh
