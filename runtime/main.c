/* main.c: app_mon's entry point: read the settings, run the guest, report a trap, call the
 * profile hook exactly once however the run ends, and choose the exit status. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jmon_rt.h"
#include "rt_internal.h"

static atomic_bool g_ending;  /* set by whoever calls jmon_module.at_exit first */

void (*jmon_rt_stop_guest)(void);

/* @return true for the one caller that gets to end the run. */
static bool claim_end(void) { return !atomic_exchange(&g_ending, true); }

static void call_at_exit(int code, const char *trap) {
  if (jmon_module.at_exit != NULL) jmon_module.at_exit(code, trap);
}

/* SIGINT/SIGTERM are blocked in every thread and collected here, so the profile hook runs on
 * an ordinary thread instead of inside an asynchronous signal handler. */
static void *signal_watcher(void *arg) {
  const sigset_t *set = arg;
  int sig = 0;
  while (sigwait(set, &sig) != 0) {
  }
  if (claim_end()) {
    if (jmon_rt_stop_guest != NULL) jmon_rt_stop_guest();
    /* not a trap (no trap line, exit 128+N), but the profile says why the run ended */
    call_at_exit(128 + sig, sig == SIGINT ? "interrupted by SIGINT" : "terminated by SIGTERM");
    fflush(NULL);
    /* the guest thread is still running: leave without running atexit/teardown under it */
    _exit(128 + sig);
  }
  return NULL;  /* main is already ending the run; it picks the exit status */
}

/* On the guest thread, right after the run ended: the trap line, then the profile hook (on the
 * thread whose probe state it reads, should that state be thread-local). */
static void on_guest_end(const jmon_rt_outcome_t *outcome) {
  if (!claim_end()) {
    /* a stop signal won the race: its thread writes the profile and exits 128+N */
    for (;;) pause();
  }
  if (outcome->trap != NULL) fprintf(stderr, "app_mon: trap: %s\n", outcome->trap);
  call_at_exit(outcome->exit_code, outcome->trap);
}

int main(int argc, char **argv) {
  static sigset_t stop_signals;  /* static: the watcher thread reads it */
  jmon_rt_config_t cfg;
  jmon_rt_outcome_t outcome;
  pthread_t watcher;
  int bad = -1, err, code;

  if (!jmon_rt_config_load(&cfg, jmon_module.module_name, argc, argv)) {
    fprintf(stderr, "app_mon: error: %s\n", cfg.error != NULL ? cfg.error : "out of memory");
    jmon_rt_config_free(&cfg);
    return 1;
  }
  jmon_wasi_status_t ws = jmon_wasi_init(&cfg.wasi, &bad);
  if (ws != JMON_WASI_OK) {
    if (ws == JMON_WASI_ERR_PREOPEN)
      fprintf(stderr, "app_mon: error: JMON_DIR: %s: %s\n", cfg.wasi.preopens[bad].host, strerror(errno));
    else
      fprintf(stderr, "app_mon: error: %s\n", jmon_wasi_strerror(ws));
    jmon_rt_config_free(&cfg);
    return 1;
  }
  /* a closed stdout must be an EPIPE errno for the guest, as under wasmtime, not a kill */
  signal(SIGPIPE, SIG_IGN);

  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);  /* inherited by both threads below */
  err = pthread_create(&watcher, NULL, signal_watcher, &stop_signals);
  if (err == 0) {
    pthread_detach(watcher);
    err = jmon_guest_run(cfg.stack_bytes, on_guest_end, &outcome);
  }
  if (err != 0) {
    fprintf(stderr, "app_mon: error: cannot start the guest (stack %zu MiB): %s\n",
            cfg.stack_bytes >> 20, strerror(err));
    jmon_wasi_shutdown();
    jmon_rt_config_free(&cfg);
    return 1;
  }

  /* after the profile hook (on_guest_end): it may still read linear memory (JS names) */
  if (outcome.returned && jmon_module.release != NULL) jmon_module.release();
  code = outcome.exit_code;
  jmon_wasi_shutdown();
  jmon_rt_config_free(&cfg);
  return code;
}
