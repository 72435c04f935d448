/* compiler_driver.c: parallel compiles with posix_spawn, one process per unit. */
#include "compiler_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The one way the translator starts a process: argv, no shell. stdin is /dev/null; stdout goes
 * to `out_fd` when >= 0 (else inherited); stderr to the file `log` when non-NULL. */
static int spawn(const char *const *argv, int out_fd, const char *log, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (log) posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd >= 0) {
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_addclose(&fa, out_fd);
  }
  int rc = posix_spawnp(pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

static int wait_exit(pid_t pid, int *status, char *err, size_t errlen) {
  while (waitpid(pid, status, 0) < 0)
    if (errno != EINTR) {
      snprintf(err, errlen, "waitpid: %s", strerror(errno));
      return -1;
    }
  return 0;
}

int jmon_run_command(const char *const *argv, const char *log, char *err, size_t errlen) {
  pid_t pid;
  int rc = spawn(argv, -1, log, &pid);
  if (rc != 0) {
    snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
    return -1;
  }
  int status;
  if (wait_exit(pid, &status, err, errlen) != 0) return -1;
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
  const char **argv = calloc(nflags + 8, sizeof *argv);
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
      if (j->opt) argv[k++] = j->opt;
      argv[k++] = "-c";
      argv[k++] = j->src;
      argv[k++] = "-o";
      argv[k++] = j->obj;
      argv[k] = NULL;
      int slot = 0;
      while (running[slot]) slot++;
      int e = spawn(argv, -1, j->log, &pids[slot]);
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

int jmon_run_capture(const char *const *argv, const char *log, char **out, char *err, size_t errlen) {
  int fds[2];
  *out = NULL;
  if (pipe2(fds, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    return -1;
  }
  pid_t pid;
  int rc = spawn(argv, fds[1], log, &pid);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
    return -1;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  ssize_t r = 0;
  while (buf && (r = read(fds[0], buf + n, cap - n - 1)) != 0) {
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    n += (size_t)r;
    if (n + 1 == cap) {
      char *q = realloc(buf, cap *= 2);
      if (!q) { free(buf); buf = NULL; }
      else buf = q;
    }
  }
  close(fds[0]);
  int status;
  if (wait_exit(pid, &status, err, errlen) != 0 || !buf || r < 0) {
    if (!buf || r < 0) snprintf(err, errlen, "reading the output of %s: %s", argv[0], buf ? strerror(errno) : "out of memory");
    free(buf);
    return -1;
  }
  buf[n] = 0;
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    snprintf(err, errlen, "%s failed (%s %d)", argv[0], WIFEXITED(status) ? "exit" : "signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    free(buf);
    return -1;
  }
  *out = buf;
  return 0;
}

/* Where the shell's `command -v NAME` finds an executable: NAME itself when it has a slash, else
 * the first PATH entry holding it (an empty entry is the current directory). */
static char *resolve_command(const char *name) {
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? strdup(name) : NULL;
  const char *path = getenv("PATH");
  if (!path) path = "/usr/bin:/bin";
  for (const char *p = path;; p++) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *cand = malloc(len + strlen(name) + 3);
    if (!cand) return NULL;
    if (len) sprintf(cand, "%.*s/%s", (int)len, p, name);
    else sprintf(cand, "%s", name);
    if (access(cand, X_OK) == 0) return cand;
    free(cand);
    if (!e) return NULL;
    p = e;
  }
}

char *jmon_cc_identity(const char *cc) {
  /* Byte for byte what `command -v CC; CC --version` printed before: cache keys stay valid. */
  char *where = resolve_command(cc), *version = NULL, err[256];
  const char *argv[] = {cc, "--version", NULL};
  if (jmon_run_capture(argv, "/dev/null", &version, err, sizeof err) != 0 || !*version) {
    free(where);
    free(version);
    return NULL;
  }
  size_t wl = where ? strlen(where) + 1 : 0, vl = strlen(version);
  char *id = malloc(wl + vl + 1);
  if (id) {
    if (where) sprintf(id, "%s\n", where);
    memcpy(id + wl, version, vl + 1);
  }
  free(where);
  free(version);
  return id;
}

int jmon_cc_compile_host(const jmon_cc_host_t *h, char **obj, char **symbols, char *err, size_t errlen) {
  char out[4200], log[4200], inc_work[4200], inc_rt[4200];
  *obj = *symbols = NULL;
  if (access(h->host_c, R_OK) != 0) {
    snprintf(err, errlen, "--host %s: %s", h->host_c, strerror(errno));
    return -1;
  }
  snprintf(out, sizeof out, "%s/jmon_host.o", h->work);
  snprintf(log, sizeof log, "%s/jmon_host.log", h->work);
  snprintf(inc_work, sizeof inc_work, "-I%s", h->work);
  snprintf(inc_rt, sizeof inc_rt, "-I%s/include", h->runtime_dir);
  const char *argv[] = {h->cc, "-std=gnu11", "-O2", "-Wall", inc_work, inc_rt, "-include", h->app_h,
                        "-c", h->host_c, "-o", out, NULL};
  char cerr[2048];
  if (jmon_run_command(argv, log, cerr, sizeof cerr) != 0) {
    snprintf(err, errlen, "--host %s does not compile against the module's imports: %s", h->host_c, cerr);
    return -1;
  }
  snprintf(log, sizeof log, "%s/jmon_host.nm.log", h->work);
  const char *nm[] = {"nm", "--defined-only", "-g", "-P", out, NULL};
  char *text;
  if (jmon_run_capture(nm, log, &text, cerr, sizeof cerr) != 0) {
    snprintf(err, errlen, "--host %s: cannot list its symbols with nm", h->host_c);
    return -1;
  }
  /* `nm -P`: "name type value size" per line; keep the names. */
  size_t k = 0;
  for (char *p = text; *p;) {
    char *e = strchr(p, '\n');
    size_t name_len = strcspn(p, " \n");
    memmove(text + k, p, name_len);   /* k never passes p: compacting in place */
    k += name_len;
    text[k++] = '\n';
    if (!e) break;
    p = e + 1;
  }
  text[k] = 0;
  *obj = strdup(out);
  if (!*obj) {
    free(text);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  *symbols = text;
  return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int jmon_remove_tree(const char *dir) {
  return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
