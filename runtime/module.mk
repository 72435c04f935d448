# runtime/module.mk: builds libjmon_rt.a (WASI host, main(), traps, guest stack) that every
# app_mon links, and installs the headers generated code includes next to it.

RUNTIME_SRCS := runtime/main.c runtime/rt_config.c runtime/guest_thread.c runtime/trap.c \
                runtime/guest_memory.c runtime/wasi_host.c runtime/wasi_path.c runtime/warnings.c runtime/host_api.c
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(OBJ)/%.o)
RUNTIME_LIB  := $(LIBDIR)/libjmon_rt.a
RUNTIME_PUBLIC_HEADERS := runtime/jmon_rt.h runtime/jmon_host.h runtime/wasi_imports.def probes/jmon_probes.h probes/jmon_fuel46.h probes/monitor.h probes/cct.h probes/js_monitor.h probes/trace_writer.h
RUNTIME_INSTALLED_HEADERS := $(addprefix $(LIBDIR)/include/,$(notdir $(RUNTIME_PUBLIC_HEADERS)))

.PHONY: runtime
all: runtime
runtime: $(RUNTIME_LIB) $(RUNTIME_INSTALLED_HEADERS)

$(RUNTIME_LIB): $(RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(LIBDIR)/include/%: runtime/%
	@mkdir -p $(dir $@)
	cp $< $@

$(LIBDIR)/include/%: probes/%
	@mkdir -p $(dir $@)
	cp $< $@

# What an app_mon link needs besides the libraries: the sanitizer flags the runtime was built
# with (jmon-aot reads this file). Rewritten whenever SAN changes.
$(LIBDIR)/link-flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SAN)' | cmp -s - $@ || echo '$(SAN)' > $@
runtime: $(LIBDIR)/link-flags
.PHONY: FORCE
FORCE:
