/* trap.c: guest faults and runtime aborts become wasm traps with wasmtime's reason words
 * (docs/profile.md); proc_exit unwinds the same way. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jmon_rt.h"
#include "rt_internal.h"

/* Defined by libwasm-rt-impl.a (its header wasm-rt-impl.h is not installed); the generated
 * code's wasm_rt_trap() longjmps here, so every longjmp of ours uses it too. */
extern jmp_buf wasm_rt_jmp_buf;

/* wasm-rt reserves 8 GiB per memory (wasm_rt_allocate_memory), all of it a fault = OOB. */
#define MEMORY_RESERVATION ((uintptr_t)0x200000000ull)
#define MAX_MEMORIES 8
#define ALTSTACK_BYTES ((size_t)1 << 20)  /* roomy: ASan-instrumented handlers need more */

static wasm_rt_memory_t *g_memories[MAX_MEMORIES];
static int g_nmemories;
static uintptr_t g_guard_lo, g_guard_hi;
static pthread_t g_guest_thread;
static bool g_installed;
static void *g_altstack;
static uint32_t g_exit_code;
static const char *g_reason;
static char g_import_reason[256];

void jmon_rt_add_memory(wasm_rt_memory_t *memory) {
  for (int i = 0; i < g_nmemories; i++)
    if (g_memories[i] == memory) return;
  if (g_nmemories == MAX_MEMORIES) {
    jmon_warn("runtime: more than %d linear memories; faults in the others are internal errors",
              MAX_MEMORIES);
    return;
  }
  g_memories[g_nmemories++] = memory;
}

static bool in_memory(uintptr_t addr) {
  for (int i = 0; i < g_nmemories; i++) {
    uintptr_t lo = (uintptr_t)g_memories[i]->data;
    if (lo != 0 && addr >= lo && addr - lo < MEMORY_RESERVATION) return true;
  }
  return false;
}

static void fault_handler(int sig, siginfo_t *si, void *ucontext) {
  uintptr_t addr = (uintptr_t)si->si_addr;
  (void)ucontext;
  /* only the guest thread may unwind to wasm_rt_jmp_buf: it owns that setjmp */
  if (g_installed && pthread_equal(pthread_self(), g_guest_thread)) {
    if (addr >= g_guard_lo && addr < g_guard_hi) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
    if (in_memory(addr)) wasm_rt_trap(WASM_RT_TRAP_OOB);
  }
  /* A real host bug: say so, then let the fault repeat with the default action (core dump). */
  char msg[96];
  int n = snprintf(msg, sizeof msg, "app_mon: internal error: signal %d at %p\n", sig, si->si_addr);
  if (n > 0) {
    ssize_t w = write(STDERR_FILENO, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
    (void)w;
  }
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
}

int jmon_trap_install(void *guard_lo, size_t guard_len) {
  stack_t ss;
  struct sigaction sa;
  /* sigaltstack is per thread: a stack overflow needs a stack of its own to run the handler */
  g_altstack = mmap(NULL, ALTSTACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (g_altstack == MAP_FAILED) {
    g_altstack = NULL;
    return -1;
  }
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = g_altstack;
  ss.ss_size = ALTSTACK_BYTES;
  if (sigaltstack(&ss, NULL) != 0) goto fail;
  g_guard_lo = (uintptr_t)guard_lo;
  g_guard_hi = g_guard_lo + guard_len;
  g_guest_thread = pthread_self();
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  /* replaces the handler wasm_rt_init() installed, which cannot tell guard from memory */
  if (sigaction(SIGSEGV, &sa, NULL) != 0 || sigaction(SIGBUS, &sa, NULL) != 0) goto fail;
  g_installed = true;
  return 0;
fail:;
  int saved = errno;
  jmon_trap_uninstall();
  errno = saved;
  return -1;
}

void jmon_trap_uninstall(void) {
  stack_t ss;
  g_installed = false;
  memset(&ss, 0, sizeof ss);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  if (g_altstack != NULL) munmap(g_altstack, ALTSTACK_BYTES);
  g_altstack = NULL;
}

const char *jmon_trap_reason(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_OOB: return "out of bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "wasm `unreachable` instruction executed";
    /* wasm2c has one code for a null, out-of-range or mistyped call_indirect target */
    case WASM_RT_TRAP_CALL_INDIRECT: return "indirect call type mismatch";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught wasm exception";
    case WASM_RT_TRAP_EXHAUSTION: return "call stack exhausted";
    case WASM_RT_TRAP_NONE: break;
  }
  return "unknown trap";
}

void jmon_trap_outcome(int jump, jmon_rt_outcome_t *out) {
  out->returned = false;
  if (jump == JMON_RT_JUMP_PROC_EXIT) {
    out->exit_code = (int)g_exit_code;
    out->trap = NULL;
    return;
  }
  out->exit_code = JMON_EXIT_TRAP;
  out->trap = jump == JMON_RT_JUMP_REASON ? g_reason : jmon_trap_reason((wasm_rt_trap_t)jump);
}

void jmon_rt_proc_exit(uint32_t code) {
  g_exit_code = code;
  siglongjmp(wasm_rt_jmp_buf, JMON_RT_JUMP_PROC_EXIT);
}

void jmon_trap_with_reason(const char *reason) {
  g_reason = reason;
  siglongjmp(wasm_rt_jmp_buf, JMON_RT_JUMP_REASON);
}

void jmon_trap_unimplemented_import(const char *module, const char *name) {
  snprintf(g_import_reason, sizeof g_import_reason, "unimplemented import %s.%s", module, name);
  jmon_trap_with_reason(g_import_reason);
}
