# runner/module.mk: build/bin/jmon-run (one app_mon over a corpus of inputs: profiles, merged
# profile, summary). The library (corpus_run.c, run_summary.c) reuses report/'s JSON parser and
# merge; runner/cli/ is the command line.

RUNNER_SRCS := runner/corpus_run.c runner/run_summary.c runner/cli/main.c
RUNNER_OBJS := $(RUNNER_SRCS:%.c=$(OBJ)/%.o)
RUNNER_BIN  := $(BIN)/jmon-run

all: $(RUNNER_BIN)
$(RUNNER_OBJS): CFLAGS_EXTRA += -Irunner -Ireport

$(RUNNER_BIN): $(RUNNER_OBJS) $(OBJ)/report/json.o $(OBJ)/report/merge.o $(OBJ)/report/read_file.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lm
