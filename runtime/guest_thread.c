/* guest_thread.c: runs the guest on a thread with a very large native stack (deep JS recursion
 * must not overflow) above a guard region whose faults mean `call stack exhausted`. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <string.h>
#include <sys/mman.h>

#include "jmon_rt.h"
#include "rt_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

extern jmp_buf wasm_rt_jmp_buf;  /* libwasm-rt-impl.a; see trap.c */

typedef struct {
  void *guard_lo;
  jmon_rt_on_end_fn on_end;
  int setup_errno;
  jmon_rt_outcome_t out;
} guest_run_t;

static void *guest_main(void *arg) {
  guest_run_t *run = arg;
  wasm_rt_init();
  if (jmon_trap_install(run->guard_lo, JMON_RT_GUARD_BYTES) != 0) {
    run->setup_errno = errno;
    return NULL;
  }
  /* The setjmp must live on this thread's stack: traps and proc_exit longjmp to it from
   * inside the guest (or from the fault handler on this thread's sigaltstack). */
  wasm_rt_set_unwind_target(&wasm_rt_jmp_buf);
  int jump = wasm_rt_try(wasm_rt_jmp_buf);
  if (jump == 0) {
    jmon_module.instantiate();
    jmon_module.start();
    run->out.exit_code = 0;
    run->out.trap = NULL;
    run->out.returned = true;
  } else {
    jmon_trap_outcome(jump, &run->out);
  }
  /* Disarm first: a fault in the profile hook is a host bug, not a second guest trap that
   * would longjmp back here. Back at the top of the big stack, there is room to run it. */
  jmon_trap_uninstall();
  if (run->on_end != NULL) run->on_end(&run->out);
  return NULL;
}

int jmon_guest_run(size_t stack_bytes, jmon_rt_on_end_fn on_end, jmon_rt_outcome_t *out) {
  guest_run_t run;
  pthread_attr_t attr;
  pthread_t thread;
  size_t total = stack_bytes + JMON_RT_GUARD_BYTES;
  int err;
  memset(&run, 0, sizeof run);
  /* NORESERVE: the stack costs only the pages recursion really touches */
  uint8_t *base = mmap(NULL, total, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (base == MAP_FAILED) return errno;
  if (mprotect(base, JMON_RT_GUARD_BYTES, PROT_NONE) != 0) {
    err = errno;
    goto unmap;
  }
  /* Deep recursion touches the stack page by page: 2 MiB pages cut the page faults of a
   * 1 GiB descent ~500-fold (seconds of system time). Only a hint: failure is harmless. */
  (void)madvise(base + JMON_RT_GUARD_BYTES, stack_bytes, MADV_HUGEPAGE);
  run.guard_lo = base;
  run.on_end = on_end;
  err = pthread_attr_init(&attr);
  if (err != 0) goto unmap;
  /* a caller-provided stack gets no glibc guard page: ours is the region below it */
  err = pthread_attr_setstack(&attr, base + JMON_RT_GUARD_BYTES, stack_bytes);
  if (err == 0) err = pthread_create(&thread, &attr, guest_main, &run);
  pthread_attr_destroy(&attr);
  if (err != 0) goto unmap;
  err = pthread_join(thread, NULL);
#if defined(__SANITIZE_ADDRESS__)
  /* A trap longjmps over poisoned frames that ASan cannot clean on a 1 GiB stack ("ignoring
   * requested __asan_handle_no_return"); clear them before the range can be mapped again. */
  __asan_unpoison_memory_region(base + JMON_RT_GUARD_BYTES, stack_bytes);
#endif
  if (err == 0) err = run.setup_errno;
  if (err == 0) *out = run.out;
unmap:
  munmap(base, total);
  return err;
}
