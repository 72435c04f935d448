# tests/faults/faults.mk: `make test-faults` — guest faults end cleanly (trap line, exit status,
# profile, trace) and --probes js stays within 64 MiB of the plain build's peak RSS.

.PHONY: test-faults
test-faults: all $(REPORT_BIN)
	BIN=$(BIN) BUILD=$(BUILD) FIXTURES=$(BUILD)/fixtures tests/faults/run_faults.sh
