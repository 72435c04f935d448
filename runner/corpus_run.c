/* corpus_run.c: spawns app_mon per input (posix_spawn, -j slots), reads and merges profiles. */
#include "corpus_run.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "merge.h"
#include "read_file.h"

extern char **environ;

/* Linux refuses a single argument longer than MAX_ARG_STRLEN (32 pages) with E2BIG. */
#define MAX_ARG_BYTES (32 * 4096 - 1)

typedef struct {
  pid_t pid;
  size_t input;
} slot_t;

static char *path_join(const char *dir, const char *name, const char *ext) {
  size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s%s", dir, name, ext);
  return p;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int mkdir_p(const char *dir) {
  char *d = strdup(dir);
  if (!d) return -1;
  for (char *p = d + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(d, 0777) != 0 && errno != EEXIST) {
        free(d);
        return -1;
      }
      *p = '/';
    }
  int rc = mkdir(d, 0777) != 0 && errno != EEXIST ? -1 : 0;
  struct stat st;
  if (rc == 0 && (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))) {
    errno = ENOTDIR;
    rc = -1;
  }
  free(d);
  return rc;
}

/* The child's environment: ours without JMON_PROFILE, then JMON_PROFILE=profile. */
static char **child_env(const char *profile) {
  size_t n = 0;
  while (environ[n]) n++;
  char **env = malloc((n + 2) * sizeof *env);
  if (!env) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (strncmp(environ[i], "JMON_PROFILE=", 13)) env[k++] = environ[i];
  size_t len = strlen(profile) + 14;
  if (!(env[k] = malloc(len))) {
    free(env);
    return NULL;
  }
  snprintf(env[k++], len, "JMON_PROFILE=%s", profile);
  env[k] = NULL;
  return env;
}

static void set_error(jmon_run_result_t *r, const char *fmt, const char *a, const char *b) {
  size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
  free(r->error);
  if ((r->error = malloc(n))) snprintf(r->error, n, fmt, a, b);
}

/* Start input i. @return the pid, or -1 with r->error set (the run counts as failed). */
static pid_t start(const jmon_run_opts_t *o, jmon_run_result_t *r) {
  char *content = NULL, *out = path_join(o->outdir, r->name, ".out"),
       *errp = path_join(o->outdir, r->name, ".err"), *prof = path_join(o->outdir, r->name, ".json");
  char **env = NULL;
  pid_t pid = -1;
  posix_spawn_file_actions_t fa;
  bool fa_init = false;
  if (!out || !errp || !prof) goto done;
  unlink(prof);  /* a run that dies before writing must not find an old profile */
  if (!o->use_stdin) {
    char e[300];
    size_t len = 0;
    if (!(content = jmon_read_file(r->input, &len, e, sizeof e))) {
      set_error(r, "%s%s", e, "");
      goto done;
    }
    if (len > MAX_ARG_BYTES || memchr(content, 0, len)) {
      set_error(r, "%s: %s", r->input, len > MAX_ARG_BYTES ? "too large for an argument (over "
                "128 KiB): use --stdin" : "contains a NUL byte: use --stdin");
      goto done;
    }
  } else if (access(r->input, R_OK) != 0) {
    set_error(r, "%s: cannot open: %s", r->input, strerror(errno));
    goto done;
  }
  if (!(env = child_env(prof)) || posix_spawn_file_actions_init(&fa) != 0) goto done;
  fa_init = true;
  int flags = O_WRONLY | O_CREAT | O_TRUNC;  /* no O_CLOEXEC: these are the child's fds 1 and 2 */
  if (posix_spawn_file_actions_addopen(&fa, 0, o->use_stdin ? r->input : "/dev/null", O_RDONLY, 0) ||
      posix_spawn_file_actions_addopen(&fa, 1, out, flags, 0666) ||
      posix_spawn_file_actions_addopen(&fa, 2, errp, flags, 0666))
    goto done;
  char *argv[3] = {(char *)o->app, content, NULL};
  int rc = strchr(o->app, '/') ? posix_spawn(&pid, o->app, &fa, NULL, argv, env)
                                : posix_spawnp(&pid, o->app, &fa, NULL, argv, env);
  if (rc != 0) {
    set_error(r, "%s: cannot run: %s", o->app, strerror(rc));
    pid = -1;
  }
done:
  if (pid < 0 && !r->error) set_error(r, "%s%s", "out of memory", "");
  if (fa_init) posix_spawn_file_actions_destroy(&fa);
  if (env) {
    size_t k = 0;
    while (env[k + 1]) k++;
    free(env[k]);  /* only JMON_PROFILE=... is ours */
    free(env);
  }
  free(content);
  free(out);
  free(errp);
  free(prof);
  return pid;
}

/* Read run r's profile: fuel and trap into r, the document into *doc (for the merge). */
static void read_profile(const jmon_run_opts_t *o, jmon_run_result_t *r, jmon_json_t **doc) {
  *doc = NULL;
  char *path = path_join(o->outdir, r->name, ".json"), e[300];
  size_t len;
  char *text = path ? jmon_read_file(path, &len, e, sizeof e) : NULL;
  if (!text) {
    if (!r->error) set_error(r, "no profile written (%s)%s", path ? e : "out of memory", "");
    free(path);
    return;
  }
  jmon_json_t *d = jmon_json_parse(text, len, e, sizeof e);
  free(text);
  const jmon_json_t *tf = d ? jmon_json_get(d, "total_fuel") : NULL;
  if (!tf || !tf->is_uint) {
    set_error(r, "%s: not a profile: %s", path, d ? "no total_fuel" : e);
    jmon_json_free(d);
    free(path);
    return;
  }
  free(path);
  r->have_profile = true;
  r->fuel = tf->uint;
  const jmon_json_t *trap = jmon_json_get(jmon_json_get(d, "exit"), "trap");
  if (trap && trap->type == JMON_JSON_STRING) r->trap = strdup(trap->string);
  *doc = d;
}

/* Merge the finished runs at the front of the input order: the merged profile does not depend
 * on which run ended first. */
static void drain(jmon_merge_t *m, jmon_run_result_t *res, jmon_json_t **docs, size_t n,
                  size_t *merged, bool *failed, char *err, size_t errsz) {
  while (*merged < n && (res[*merged].status != -1 || res[*merged].error)) {
    size_t i = (*merged)++;
    if (docs[i] && !*failed && jmon_merge_add(m, docs[i], res[i].name, err, errsz) != 0)
      *failed = true;
    jmon_json_free(docs[i]);
    docs[i] = NULL;
  }
}

static int check_names(const jmon_run_opts_t *o, jmon_run_result_t *res, char *err, size_t errsz) {
  for (size_t i = 0; i < o->ninputs; i++) {
    res[i] = (jmon_run_result_t){.input = o->inputs[i], .name = base_name(o->inputs[i]), .status = -1};
    if (!*res[i].name || !strcmp(res[i].name, ".") || !strcmp(res[i].name, "..")) {
      snprintf(err, errsz, "%s: not a file name", o->inputs[i]);
      return -1;
    }
    if (!strcmp(res[i].name, "merged")) {
      snprintf(err, errsz, "%s: an input named \"merged\" would overwrite DIR/merged.json", o->inputs[i]);
      return -1;
    }
  }
  /* duplicate basenames would share DIR/<name>.json */
  for (size_t i = 0; i < o->ninputs; i++)
    for (size_t j = i + 1; j < o->ninputs; j++)
      if (!strcmp(res[i].name, res[j].name)) {
        snprintf(err, errsz, "%s and %s: two inputs named %s (profiles are DIR/<input name>.json)",
                 res[i].input, res[j].input, res[i].name);
        return -1;
      }
  return 0;
}

int jmon_run_corpus(const jmon_run_opts_t *o, jmon_run_result_t *res, char *err, size_t errsz) {
  memset(res, 0, o->ninputs * sizeof *res);
  if (check_names(o, res, err, errsz) != 0) return -1;
  if (mkdir_p(o->outdir) != 0) {
    snprintf(err, errsz, "%s: cannot create: %s", o->outdir, strerror(errno));
    return -1;
  }
  unsigned jobs = o->jobs ? o->jobs : 1;
  slot_t *slots = calloc(jobs, sizeof *slots);
  jmon_json_t **docs = calloc(o->ninputs ? o->ninputs : 1, sizeof *docs);
  jmon_merge_t *m = jmon_merge_new();
  int rc = -1;
  if (!slots || !docs || !m) {
    snprintf(err, errsz, "out of memory");
    goto done;
  }
  size_t next = 0, done_n = 0, failed = 0, running = 0, merged = 0;
  bool merge_failed = false;
  char merr[512] = "";
  while (done_n < o->ninputs) {
    while (running < jobs && next < o->ninputs) {
      size_t i = next++;
      pid_t pid = start(o, &res[i]);
      if (pid < 0) {
        done_n++;
        failed++;
        if (o->progress) o->progress(o->ctx, done_n, o->ninputs, failed);
        continue;
      }
      for (unsigned s = 0; s < jobs; s++)
        if (!slots[s].pid) {
          slots[s] = (slot_t){pid, i};
          break;
        }
      running++;
    }
    if (!running) continue;
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      snprintf(err, errsz, "waitpid: %s", strerror(errno));
      goto done;
    }
    unsigned s = 0;
    while (s < jobs && slots[s].pid != pid) s++;
    if (s == jobs) continue;  /* not one of ours */
    jmon_run_result_t *r = &res[slots[s].input];
    slots[s].pid = 0;
    running--;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
    read_profile(o, r, &docs[slots[s].input]);
    done_n++;
    failed += r->status != 0 || !r->have_profile || r->error;
    if (o->progress) o->progress(o->ctx, done_n, o->ninputs, failed);
    drain(m, res, docs, o->ninputs, &merged, &merge_failed, merr, sizeof merr);
  }
  drain(m, res, docs, o->ninputs, &merged, &merge_failed, merr, sizeof merr);
  if (merge_failed) {
    snprintf(err, errsz, "merging the profiles: %s", merr);
    goto done;
  }
  char *mpath = path_join(o->outdir, "merged", ".json");
  FILE *f = mpath ? fopen(mpath, "wb") : NULL;
  if (!f) {
    snprintf(err, errsz, "%s: cannot create: %s", mpath ? mpath : "merged.json", strerror(errno));
    free(mpath);
    goto done;
  }
  if (jmon_merge_count(m) == 0) {
    fputs("{\"merged_profiles\": 0, \"total_fuel\": 0}\n", f);  /* no run left a profile */
  } else if (jmon_merge_write(m, f, err, errsz) != 0) {
    fclose(f);
    free(mpath);
    goto done;
  }
  if (fclose(f) != 0) {
    snprintf(err, errsz, "%s: write failed", mpath);
    free(mpath);
    goto done;
  }
  free(mpath);
  rc = 0;
done:
  /* on an early error, reap what is still running */
  for (unsigned s = 0; slots && s < jobs; s++)
    if (slots[s].pid) {
      kill(slots[s].pid, SIGTERM);
      waitpid(slots[s].pid, NULL, 0);
    }
  for (size_t i = 0; docs && i < o->ninputs; i++) jmon_json_free(docs[i]);
  free(docs);
  free(slots);
  jmon_merge_free(m);
  return rc;
}

void jmon_run_results_free(jmon_run_result_t *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(r[i].trap);
    free(r[i].error);
    r[i].trap = r[i].error = NULL;
  }
}
