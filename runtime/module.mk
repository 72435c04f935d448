# runtime/module.mk: builds libjmon_rt.a (WASI host, main(), traps, guest stack) that every
# app_mon links, and installs the headers generated code includes next to it.

RUNTIME_SRCS := runtime/main.c runtime/rt_config.c runtime/guest_thread.c runtime/trap.c \
                runtime/guest_memory.c runtime/wasi_host.c runtime/wasi_path.c runtime/warnings.c
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(OBJ)/%.o)
RUNTIME_LIB  := $(LIBDIR)/libjmon_rt.a
RUNTIME_PUBLIC_HEADERS := runtime/jmon_rt.h runtime/wasi_imports.def
RUNTIME_INSTALLED_HEADERS := $(RUNTIME_PUBLIC_HEADERS:runtime/%=$(LIBDIR)/include/%)

.PHONY: runtime
all: runtime
runtime: $(RUNTIME_LIB) $(RUNTIME_INSTALLED_HEADERS)

$(RUNTIME_LIB): $(RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(LIBDIR)/include/%: runtime/%
	@mkdir -p $(dir $@)
	cp $< $@
