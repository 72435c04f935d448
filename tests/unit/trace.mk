# tests/unit/trace.mk: builds and runs the cmocka tests of the trace writer (probes/trace_writer.c)
# against the trace reader of jmon-report (report/trace_reader.c).

TRACE_UNIT_TEST := $(BIN)/tests/test_trace

.PHONY: test-unit-trace
test-unit: test-unit-trace

$(OBJ)/tests/unit/test_trace.o: CFLAGS_EXTRA += -Iprobes -Ireport

$(TRACE_UNIT_TEST): $(OBJ)/tests/unit/test_trace.o $(OBJ)/probes/trace_writer.o $(OBJ)/report/trace_reader.o $(OBJ)/report/read_file.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lcmocka -lzstd

test-unit-trace: $(TRACE_UNIT_TEST)
	$(TRACE_UNIT_TEST)
