# report/module.mk: build/bin/jmon-report (profile/trace → text, folded, speedscope, pprof, chrome,
# svg) and `make test-report` (tests/report/run_report_tests.sh on hand-made profiles).

REPORT_SRCS := report/json.c report/profile.c report/samples.c report/trace_reader.c \
               report/format_text.c report/format_folded.c report/format_speedscope.c \
               report/format_pprof.c report/format_chrome.c report/format_svg.c report/merge.c report/read_file.c \
               report/diff.c report/cli/main.c \
               report/source_map_apply.c translator/source_map.c translator/js_origin.c
REPORT_OBJS := $(REPORT_SRCS:%.c=$(OBJ)/%.o)
REPORT_BIN  := $(BIN)/jmon-report

all: $(REPORT_BIN)
# trace_writer.h holds the trace format constants the reader shares.
$(REPORT_OBJS): CFLAGS_EXTRA += -Ireport -Iprobes

$(REPORT_BIN): $(REPORT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lzstd -lz -lm

.PHONY: test-report
test-report: $(REPORT_BIN)
	JMON_REPORT=$(REPORT_BIN) tests/report/run_report_tests.sh
