# jmon-aot: one entry point. `make` builds build/bin/jmon-aot and the runtime it links into
# every app_mon; `make demo` and `make test` are what the README starts with.
# Each component adds its rules in its own module.mk (translator/, runtime/, tests/).

# make predefines CC (as cc): `CC ?= gcc` would never apply.
ifeq ($(origin CC),default)
CC       := gcc
endif
BUILD    ?= build
PREFIX   ?= /usr/local
VERSION  := 0.1.0

WARN     := -Wall -Wextra -Werror
CSTD     := -std=c11 -D_GNU_SOURCE
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) -DJMON_VERSION='"$(VERSION)"'
LDFLAGS_ALL = $(SAN)

BIN      := $(BUILD)/bin
LIBDIR   := $(BUILD)/lib/jmon-aot
OBJ      := $(BUILD)/obj
# Each artifact and outside path is spelled once, here.
TRANSLATOR_LIB := $(BUILD)/lib/libjmon_translator.a
WAT2WASM ?= wat2wasm
# wabt's wasm2c runtime (the library every app_mon links, the header every unit includes): where
# the wabt package put them (`dpkg -L wabt`), else the usual places; override on the command line.
ifndef WASM_RT_IMPL_LIB
WASM_RT_IMPL_LIB := $(or $(shell dpkg -L wabt 2>/dev/null | grep '/libwasm-rt-impl\.a$$' | head -n 1),\
                         $(firstword $(wildcard /usr/lib/*/libwasm-rt-impl.a /usr/local/lib/libwasm-rt-impl.a)))
endif
ifndef WASM_RT_HEADER
WASM_RT_HEADER := $(or $(shell dpkg -L wabt 2>/dev/null | grep '^/usr/include/wasm-rt\.h$$' | head -n 1),\
                       $(firstword $(wildcard /usr/include/wasm-rt.h /usr/local/include/wasm-rt.h)))
endif

.PHONY: all deps demo test test-unit test-e2e test-sanitize bench fuzz clean
all:

include translator/module.mk
include runtime/module.mk
include probes/module.mk
include report/module.mk
include runner/module.mk
include tools/module.mk
include tests/module.mk
-include perf/module.mk

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CFLAGS_EXTRA) -MMD -MP -c $< -o $@

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# Debian packages the build and the tests need. node 20 + npm come with the machine.
DEB_PACKAGES := wabt libzstd-dev libcmocka-dev clang libclang-rt-14-dev libssl-dev \
                zlib1g-dev binaryen protobuf-compiler make gcc python3 bc time valgrind chromium
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "make deps: all Debian packages present"; fi
	@node --version | grep -q '^v2[0-9]' || { echo "make deps: node >= 20 is required (comes with the machine)"; exit 1; }

# Set up, build, and run the main job on the bundled example.
demo: deps
	$(MAKE) --no-print-directory all $(BIN)/jmon-javy-build $(BIN)/jmon-report
	examples/demo.sh

clean:
	rm -rf $(BUILD) build-san build-fuzz
