/* compiler_driver.c: parallel compiles with posix_spawn, one process per unit. */
#include "compiler_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void read_head(const char *path, char *out, size_t n) {
  out[0] = 0;
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f) return;
  size_t r = fread(out, 1, n - 1, f);
  out[r] = 0;
  fclose(f);
}

static int spawn(const char *const *argv, const char *log, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (log) posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  int rc = posix_spawnp(pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

int jmon_run_command(const char *const *argv, const char *log, char *err, size_t errlen) {
  pid_t pid;
  int rc = spawn(argv, log, &pid);
  if (rc != 0) {
    snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) { snprintf(err, errlen, "waitpid: %s", strerror(errno)); return -1; }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  char head[1024];
  read_head(log, head, sizeof head);
  snprintf(err, errlen, "%s failed (%s %d)%s%s", argv[0], WIFEXITED(status) ? "exit" : "signal",
           WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), head[0] ? ":\n" : "", head);
  return -1;
}

static int by_weight_desc(const void *a, const void *b) {
  const jmon_cc_job_t *x = *(jmon_cc_job_t *const *)a, *y = *(jmon_cc_job_t *const *)b;
  return (x->weight < y->weight) - (x->weight > y->weight);
}

int jmon_cc_compile(jmon_cc_job_t *jobs, size_t n, const jmon_cc_options_t *o, char *err, size_t errlen) {
  size_t nflags = 0;
  while (o->flags[nflags]) nflags++;
  const char **argv = calloc(nflags + 7, sizeof *argv);
  jmon_cc_job_t **order = calloc(n ? n : 1, sizeof *order);
  pid_t *pids = calloc((size_t)o->jobs, sizeof *pids);
  jmon_cc_job_t **running = calloc((size_t)o->jobs, sizeof *running);
  int rc = -1;
  if (!argv || !order || !pids || !running) {
    snprintf(err, errlen, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < n; i++) order[i] = &jobs[i];
  qsort(order, n, sizeof *order, by_weight_desc);

  size_t next = 0, done = 0;
  int active = 0;
  bool failed = false;
  while (done < n && !(failed && active == 0)) {
    while (!failed && active < o->jobs && next < n) {
      jmon_cc_job_t *j = order[next++];
      size_t k = 0;
      argv[k++] = o->cc;
      for (size_t f = 0; f < nflags; f++) argv[k++] = o->flags[f];
      argv[k++] = "-c";
      argv[k++] = j->src;
      argv[k++] = "-o";
      argv[k++] = j->obj;
      argv[k] = NULL;
      int slot = 0;
      while (running[slot]) slot++;
      int e = spawn(argv, j->log, &pids[slot]);
      if (e != 0) {
        snprintf(err, errlen, "cannot run %s: %s", o->cc, strerror(e));
        failed = true;
        break;
      }
      running[slot] = j;
      active++;
    }
    if (active == 0) break;
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      snprintf(err, errlen, "waitpid: %s", strerror(errno));
      goto done;
    }
    int slot = -1;
    for (int s = 0; s < o->jobs; s++)
      if (running[s] && pids[s] == pid) slot = s;
    if (slot < 0) continue;
    jmon_cc_job_t *j = running[slot];
    running[slot] = NULL;
    active--;
    done++;
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      if (!failed) {
        char head[1500];
        read_head(j->log, head, sizeof head);
        snprintf(err, errlen, "%s failed on %s:\n%s", o->cc, j->src, head);
      }
      failed = true;
    } else if (o->progress) {
      o->progress(o->progress_ctx, done, n);
    }
  }
  rc = failed ? -1 : 0;
done:
  free(argv);
  free(order);
  free(pids);
  free(running);
  return rc;
}

char *jmon_cc_identity(const char *cc) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "command -v '%s' 2>/dev/null; '%s' --version 2>/dev/null", cc, cc);
  FILE *p = popen(cmd, "r");
  if (!p) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (!buf) { pclose(p); return NULL; }
  size_t r;
  while ((r = fread(buf + n, 1, cap - n - 1, p)) > 0) {
    n += r;
    if (n + 1 == cap) {
      char *q = realloc(buf, cap *= 2);
      if (!q) { free(buf); pclose(p); return NULL; }
      buf = q;
    }
  }
  buf[n] = 0;
  int st = pclose(p);
  if (st != 0 || n == 0) { free(buf); return NULL; }
  return buf;
}
