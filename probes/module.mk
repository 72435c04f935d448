# probes/module.mk: libjmon_probes.a — monitor state, calling-context tree, profile writer —
# linked into every app_mon built with --probes fuel or js.

PROBES_SRCS := probes/monitor.c probes/profile_writer.c probes/json_writer.c probes/trace_writer.c probes/cct.c probes/js_monitor.c
PROBES_OBJS := $(PROBES_SRCS:%.c=$(OBJ)/%.o)
PROBES_LIB  := $(LIBDIR)/libjmon_probes.a

all: $(PROBES_LIB)
$(PROBES_OBJS): CFLAGS_EXTRA += -Iruntime -Iprobes -Igenerated

$(PROBES_LIB): $(PROBES_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^
