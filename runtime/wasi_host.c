/* wasi_host.c: the WASI preview1 functions app_mon offers the guest (list: wasi_imports.def).
 * Struct layouts and constants are those of wasi_snapshot_preview1.witx (sizes noted at each
 * use); every guest pointer and length is range-checked before use (EFAULT otherwise). */
#include "wasi_host.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guest_memory.h"
#include "jmon_rt.h"
#include "rt_internal.h"
#include "wasi_path.h"

typedef uint32_t u32;
typedef uint64_t u64;

/* witx `filetype` */
#define FILETYPE_UNKNOWN 0
#define FILETYPE_BLOCK_DEVICE 1
#define FILETYPE_CHARACTER_DEVICE 2
#define FILETYPE_DIRECTORY 3
#define FILETYPE_REGULAR_FILE 4
#define FILETYPE_SOCKET_STREAM 6
#define FILETYPE_SYMBOLIC_LINK 7
/* witx `rights` bits used here; RIGHTS_ALL = bits 0..28 (fd_datasync .. sock_shutdown). */
#define RIGHT_FD_DATASYNC (1ull << 0)
#define RIGHT_FD_READ (1ull << 1)
#define RIGHT_FD_SEEK (1ull << 2)
#define RIGHT_FD_TELL (1ull << 5)
#define RIGHT_FD_WRITE (1ull << 6)
#define RIGHT_FD_ALLOCATE (1ull << 8)
#define RIGHT_FD_READDIR (1ull << 14)
#define RIGHT_FD_FILESTAT_SET_SIZE (1ull << 22)
#define RIGHTS_ALL ((1ull << 29) - 1)
/* witx `fdflags`, `oflags`, `lookupflags`, `whence`, `clockid`, `eventtype`, `subclockflags` */
#define FDFLAG_APPEND 1
#define FDFLAG_DSYNC 2
#define FDFLAG_NONBLOCK 4
#define FDFLAG_RSYNC 8
#define FDFLAG_SYNC 16
#define OFLAG_CREAT 1
#define OFLAG_DIRECTORY 2
#define OFLAG_EXCL 4
#define OFLAG_TRUNC 8
#define LOOKUP_SYMLINK_FOLLOW 1
#define CLOCK_ID_REALTIME 0
#define CLOCK_ID_MONOTONIC 1
#define CLOCK_ID_PROCESS_CPUTIME 2
#define CLOCK_ID_THREAD_CPUTIME 3
#define EVENTTYPE_CLOCK 0
#define EVENTTYPE_FD_READ 1
#define EVENTTYPE_FD_WRITE 2
#define SUBCLOCK_ABSTIME 1

/* Deterministic mode: realtime starts at 2023-11-14T22:13:20Z, the others at 0; every
 * reading advances its clock by 1 ms so that loops waiting on time still end. */
#define FAKE_REALTIME_START_NS 1700000000000000000ull
#define FAKE_TICK_NS 1000000ull

typedef enum { FD_FREE = 0, FD_STDIO, FD_PREOPEN, FD_FILE, FD_DIR } fd_kind_t;

typedef struct {
  fd_kind_t kind;
  int host_fd;
  char *guest_name;      /* preopens only: the name fd_prestat_dir_name reports */
  uint32_t name_len;
} fd_entry_t;

/** The import-module instance wasm2c passes around; the state lives in `g` below. */
struct Z_wasi_snapshot_preview1_instance_t {
  int unused;
};

static struct Z_wasi_snapshot_preview1_instance_t g_instance;

static struct {
  char **args;
  uint32_t argc;
  uint64_t args_bytes;      /* sum of strlen+1 */
  char **env;
  uint32_t envc;
  uint64_t env_bytes;
  fd_entry_t *fds;
  uint32_t nfds;
  bool deterministic;
  uint64_t fake_clock[4];   /* indexed by witx clockid */
  wasm_rt_memory_t *mem;
} g;

/* ---- state ---- */

struct Z_wasi_snapshot_preview1_instance_t *jmon_wasi_instance(void) { return &g_instance; }

void jmon_wasi_set_memory(wasm_rt_memory_t *memory) {
  g.mem = memory;
  if (memory != NULL) jmon_rt_add_memory(memory);
}

wasm_rt_memory_t *jmon_wasi_memory(void) { return g.mem; }

bool jmon_rt_deterministic(void) { return g.deterministic; }

const char *jmon_wasi_strerror(jmon_wasi_status_t status) {
  switch (status) {
    case JMON_WASI_OK: return "ok";
    case JMON_WASI_ERR_NOMEM: return "out of memory";
    case JMON_WASI_ERR_PREOPEN: return "cannot open preopened directory";
  }
  return "unknown status";
}

static void free_strings(char **v, uint32_t n) {
  if (v == NULL) return;
  for (uint32_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

static bool copy_strings(const char *const *src, int n, char ***out, uint32_t *count,
                         uint64_t *bytes) {
  char **v = calloc(n > 0 ? (size_t)n : 1, sizeof *v);
  if (v == NULL) return false;
  *bytes = 0;
  for (int i = 0; i < n; i++) {
    v[i] = strdup(src[i]);
    if (v[i] == NULL) {
      free_strings(v, (uint32_t)i);
      return false;
    }
    *bytes += strlen(v[i]) + 1;
  }
  *out = v;
  *count = (uint32_t)n;
  return true;
}

void jmon_wasi_shutdown(void) {
  for (uint32_t i = 0; i < g.nfds; i++) {
    fd_entry_t *e = &g.fds[i];
    if (e->kind != FD_FREE && e->kind != FD_STDIO) close(e->host_fd);
    free(e->guest_name);
  }
  free(g.fds);
  free_strings(g.args, g.argc);
  free_strings(g.env, g.envc);
  memset(&g, 0, sizeof g);
}

jmon_wasi_status_t jmon_wasi_init(const jmon_wasi_config_t *cfg, int *failed_preopen) {
  jmon_wasi_shutdown();
  g.deterministic = cfg->deterministic;
  g.fake_clock[CLOCK_ID_REALTIME] = FAKE_REALTIME_START_NS;
  if (!copy_strings(cfg->argv, cfg->argc, &g.args, &g.argc, &g.args_bytes)) goto nomem;
  if (!copy_strings(cfg->env, cfg->envc, &g.env, &g.envc, &g.env_bytes)) goto nomem;
  g.nfds = 3u + (uint32_t)cfg->npreopens;
  g.fds = calloc(g.nfds, sizeof *g.fds);
  if (g.fds == NULL) goto nomem;
  for (int i = 0; i < 3; i++) {
    g.fds[i].kind = FD_STDIO;
    g.fds[i].host_fd = cfg->stdio_fds[i];
  }
  for (int i = 0; i < cfg->npreopens; i++) {
    const jmon_wasi_preopen_t *p = &cfg->preopens[i];
    fd_entry_t *e = &g.fds[3 + i];
    const char *name = p->guest != NULL ? p->guest : p->host;
    e->guest_name = strdup(name);
    if (e->guest_name == NULL) goto nomem;
    e->name_len = (uint32_t)strlen(name);
    e->host_fd = open(p->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (e->host_fd < 0) {
      int saved = errno;
      if (failed_preopen != NULL) *failed_preopen = i;
      jmon_wasi_shutdown();
      errno = saved;
      return JMON_WASI_ERR_PREOPEN;
    }
    e->kind = FD_PREOPEN;
  }
  return JMON_WASI_OK;
nomem:
  jmon_wasi_shutdown();
  return JMON_WASI_ERR_NOMEM;
}

/* ---- helpers ---- */

static u32 errno_from_host(int e) {
  switch (e) {
    case 0: return JMON_WASI_ESUCCESS;
    case E2BIG: return JMON_WASI_E2BIG;
    case EACCES: return JMON_WASI_EACCES;
    case EAGAIN: return JMON_WASI_EAGAIN;
    case EBADF: return JMON_WASI_EBADF;
    case EEXIST: return JMON_WASI_EEXIST;
    case EFAULT: return JMON_WASI_EFAULT;
    case EFBIG: return JMON_WASI_EFBIG;
    case EINTR: return JMON_WASI_EINTR;
    case EINVAL: return JMON_WASI_EINVAL;
    case EISDIR: return JMON_WASI_EISDIR;
    case ELOOP: return JMON_WASI_ELOOP;
    case EMFILE: return JMON_WASI_EMFILE;
    case ENAMETOOLONG: return JMON_WASI_ENAMETOOLONG;
    case ENFILE: return JMON_WASI_ENFILE;
    case ENOENT: return JMON_WASI_ENOENT;
    case ENOMEM: return JMON_WASI_ENOMEM;
    case ENOSPC: return JMON_WASI_ENOSPC;
    case ENOSYS: return JMON_WASI_ENOSYS;
    case ENOTDIR: return JMON_WASI_ENOTDIR;
    case ENOTEMPTY: return JMON_WASI_ENOTEMPTY;
    case EOPNOTSUPP: return JMON_WASI_ENOTSUP;
    case ENXIO: return JMON_WASI_ENXIO;
    case EOVERFLOW: return JMON_WASI_EOVERFLOW;
    case EPERM: return JMON_WASI_EPERM;
    case EPIPE: return JMON_WASI_EPIPE;
    case EROFS: return JMON_WASI_EROFS;
    case ESPIPE: return JMON_WASI_ESPIPE;
    case EXDEV: return JMON_WASI_ENOTCAPABLE;  /* openat2 RESOLVE_BENEATH: path escapes */
    default: return JMON_WASI_EIO;
  }
}

static fd_entry_t *fd_get(u32 fd) {
  if (fd >= g.nfds || g.fds[fd].kind == FD_FREE) return NULL;
  return &g.fds[fd];
}

/* @return a new guest fd for host_fd (lowest free slot >= 3), or -1 when out of memory. */
static int fd_add(fd_kind_t kind, int host_fd) {
  uint32_t i;
  for (i = 3; i < g.nfds; i++)
    if (g.fds[i].kind == FD_FREE) break;
  if (i == g.nfds) {
    fd_entry_t *grown = realloc(g.fds, (size_t)(g.nfds + 1) * sizeof *grown);
    if (grown == NULL) return -1;
    g.fds = grown;
    memset(&g.fds[g.nfds], 0, sizeof *grown);
    g.nfds++;
  }
  g.fds[i].kind = kind;
  g.fds[i].host_fd = host_fd;
  return (int)i;
}

/* The one mapping of a host file type to witx `filetype`, for fds (fd_fdstat_get) and paths
 * (filestat). A FIFO is a stream like a terminal: character device, as wasmtime shows a piped
 * stdio; a type WASI cannot name is unknown. */
static uint8_t filetype_of_mode(mode_t m) {
  if (S_ISREG(m)) return FILETYPE_REGULAR_FILE;
  if (S_ISDIR(m)) return FILETYPE_DIRECTORY;
  if (S_ISBLK(m)) return FILETYPE_BLOCK_DEVICE;
  if (S_ISCHR(m) || S_ISFIFO(m)) return FILETYPE_CHARACTER_DEVICE;
  if (S_ISSOCK(m)) return FILETYPE_SOCKET_STREAM;
  if (S_ISLNK(m)) return FILETYPE_SYMBOLIC_LINK;
  return FILETYPE_UNKNOWN;
}

uint8_t jmon_wasi_filetype_of(int host_fd) {
  struct stat st;
  return fstat(host_fd, &st) == 0 ? filetype_of_mode(st.st_mode) : FILETYPE_UNKNOWN;
}

static u64 timespec_ns(const struct timespec *ts) {
  return (u64)ts->tv_sec * 1000000000ull + (u64)ts->tv_nsec;
}

/* witx `filestat`, 64 bytes: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24,
 * size u64 @32, atim u64 @40, mtim u64 @48, ctim u64 @56. */
static u32 store_filestat(u32 buf, const struct stat *st) {
  uint8_t *p = jmon_guest_bytes(g.mem, buf, 64);
  u64 v;
  if (p == NULL) return JMON_WASI_EFAULT;
  memset(p, 0, 64);
  v = (u64)st->st_dev; memcpy(p + 0, &v, 8);
  v = (u64)st->st_ino; memcpy(p + 8, &v, 8);
  p[16] = filetype_of_mode(st->st_mode);
  v = (u64)st->st_nlink; memcpy(p + 24, &v, 8);
  v = (u64)st->st_size; memcpy(p + 32, &v, 8);
  v = timespec_ns(&st->st_atim); memcpy(p + 40, &v, 8);
  v = timespec_ns(&st->st_mtim); memcpy(p + 48, &v, 8);
  v = timespec_ns(&st->st_ctim); memcpy(p + 56, &v, 8);
  return JMON_WASI_ESUCCESS;
}

/* Copy a guest path into a fresh NUL-terminated string after the escape check. */
static u32 guest_path(u32 ptr, u32 len, char **out) {
  const uint8_t *p = jmon_guest_bytes(g.mem, ptr, len);
  if (p == NULL) return JMON_WASI_EFAULT;
  if (len >= 4096) return JMON_WASI_ENAMETOOLONG;
  if (!jmon_wasi_path_is_beneath((const char *)p, len)) return JMON_WASI_ENOTCAPABLE;
  *out = malloc((size_t)len + 1);
  if (*out == NULL) return JMON_WASI_ENOMEM;
  memcpy(*out, p, len);
  (*out)[len] = '\0';
  return JMON_WASI_ESUCCESS;
}

/* Block until host_fd is ready (it may have been left O_NONBLOCK by whoever started us). */
static void wait_fd(int host_fd, short events) {
  struct pollfd pfd = {.fd = host_fd, .events = events, .revents = 0};
  while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
  }
}

static u32 strings_sizes(u32 count, u64 bytes, u32 count_ptr, u32 size_ptr) {
  if (!jmon_guest_range_ok(g.mem, count_ptr, 4) || !jmon_guest_range_ok(g.mem, size_ptr, 4))
    return JMON_WASI_EFAULT;
  if (bytes > UINT32_MAX) return JMON_WASI_EOVERFLOW;
  jmon_guest_store_u32(g.mem, count_ptr, count);
  jmon_guest_store_u32(g.mem, size_ptr, (u32)bytes);
  return JMON_WASI_ESUCCESS;
}

/* argv/environ layout: `count` u32 pointers at ptrs, the NUL-terminated strings packed at buf. */
static u32 strings_get(char **v, u32 count, u64 bytes, u32 ptrs, u32 buf) {
  if (!jmon_guest_range_ok(g.mem, ptrs, (u64)count * 4) || !jmon_guest_range_ok(g.mem, buf, bytes))
    return JMON_WASI_EFAULT;
  u32 at = buf;
  for (u32 i = 0; i < count; i++) {
    size_t n = strlen(v[i]) + 1;
    jmon_guest_store_u32(g.mem, ptrs + 4 * i, at);
    memcpy(g.mem->data + at, v[i], n);
    at += (u32)n;
  }
  return JMON_WASI_ESUCCESS;
}

/* ---- args and environment ---- */

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                             u32 argc_ptr, u32 buf_size_ptr) {
  (void)inst;
  return strings_sizes(g.argc, g.args_bytes, argc_ptr, buf_size_ptr);
}

u32 Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                       u32 argv_ptr, u32 buf_ptr) {
  (void)inst;
  return strings_get(g.args, g.argc, g.args_bytes, argv_ptr, buf_ptr);
}

u32 Z_wasi_snapshot_preview1Z_environ_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                                u32 count_ptr, u32 buf_size_ptr) {
  (void)inst;
  return strings_sizes(g.envc, g.env_bytes, count_ptr, buf_size_ptr);
}

u32 Z_wasi_snapshot_preview1Z_environ_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                          u32 env_ptr, u32 buf_ptr) {
  (void)inst;
  return strings_get(g.env, g.envc, g.env_bytes, env_ptr, buf_ptr);
}

/* ---- clocks and randomness ---- */

static bool host_clock(u32 id, clockid_t *out) {
  switch (id) {
    case CLOCK_ID_REALTIME: *out = CLOCK_REALTIME; return true;
    case CLOCK_ID_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
    case CLOCK_ID_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case CLOCK_ID_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

/* @return false for an unknown clock id. Deterministic readings advance the fake clock. */
static bool clock_now(u32 id, u64 *now) {
  clockid_t cid;
  struct timespec ts;
  if (!host_clock(id, &cid)) return false;
  if (g.deterministic) {
    *now = g.fake_clock[id];
    g.fake_clock[id] += FAKE_TICK_NS;
    return true;
  }
  if (clock_gettime(cid, &ts) != 0) return false;
  *now = timespec_ns(&ts);
  return true;
}

u32 Z_wasi_snapshot_preview1Z_clock_res_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                            u32 id, u32 res_ptr) {
  clockid_t cid;
  struct timespec ts;
  u64 res = FAKE_TICK_NS;
  (void)inst;
  if (!host_clock(id, &cid)) return JMON_WASI_EINVAL;
  if (!jmon_guest_range_ok(g.mem, res_ptr, 8)) return JMON_WASI_EFAULT;
  if (!g.deterministic) {
    if (clock_getres(cid, &ts) != 0) return errno_from_host(errno);
    res = timespec_ns(&ts);
  }
  jmon_guest_store_u64(g.mem, res_ptr, res);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                             u32 id, u64 precision, u32 time_ptr) {
  u64 now;
  (void)inst;
  (void)precision;
  if (!jmon_guest_range_ok(g.mem, time_ptr, 8)) return JMON_WASI_EFAULT;
  if (!clock_now(id, &now)) return JMON_WASI_EINVAL;
  jmon_guest_store_u64(g.mem, time_ptr, now);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_random_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                         u32 buf, u32 len) {
  uint8_t *p = jmon_guest_bytes(g.mem, buf, len);
  (void)inst;
  if (p == NULL) return JMON_WASI_EFAULT;
  if (g.deterministic) {
    memset(p, 0, len);
    return JMON_WASI_ESUCCESS;
  }
  while (len > 0) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    p += n;
    len -= (u32)n;
  }
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_sched_yield(struct Z_wasi_snapshot_preview1_instance_t *inst) {
  (void)inst;
  sched_yield();
  return JMON_WASI_ESUCCESS;
}

/* ---- poll_oneoff ---- */

#define SUBSCRIPTION_SIZE 48u  /* witx `subscription`: userdata @0, tag u8 @8, body @16 */
#define EVENT_SIZE 32u         /* witx `event`: userdata @0, errno u16 @8, type u8 @10, nbytes @16, flags u16 @24 */

static void sleep_ns(u64 ns) {
  struct timespec req = {.tv_sec = (time_t)(ns / 1000000000ull), .tv_nsec = (long)(ns % 1000000000ull)};
  while (nanosleep(&req, &req) != 0 && errno == EINTR) {
  }
}

/* @return how long from now until a clock subscription fires; UINT64_MAX on a bad clock. */
static u64 clock_sub_delay(const uint8_t *sub) {
  u32 id;
  u64 timeout, now;
  uint16_t flags;
  memcpy(&id, sub + 16, 4);       /* subscription_clock: id u32 @16 (clock body at @16) */
  memcpy(&timeout, sub + 24, 8);  /* timeout u64 @24; precision u64 @32 */
  memcpy(&flags, sub + 40, 2);    /* flags u16 @40 */
  if (!(flags & SUBCLOCK_ABSTIME)) return host_clock(id, &(clockid_t){0}) ? timeout : UINT64_MAX;
  if (g.deterministic) {
    if (id > CLOCK_ID_THREAD_CPUTIME) return UINT64_MAX;
    now = g.fake_clock[id];
  } else if (!clock_now(id, &now)) {
    return UINT64_MAX;
  }
  return timeout > now ? timeout - now : 0;
}

u32 Z_wasi_snapshot_preview1Z_poll_oneoff(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                          u32 in, u32 out, u32 nsubs, u32 nevents_ptr) {
  const uint8_t *subs = jmon_guest_bytes(g.mem, in, (u64)nsubs * SUBSCRIPTION_SIZE);
  uint8_t *events = jmon_guest_bytes(g.mem, out, (u64)nsubs * EVENT_SIZE);
  bool any_fd = false, any_clock = false;
  u64 min_delay = UINT64_MAX;
  u32 nevents = 0;
  (void)inst;
  if (subs == NULL || events == NULL || !jmon_guest_range_ok(g.mem, nevents_ptr, 4))
    return JMON_WASI_EFAULT;
  if (nsubs == 0) return JMON_WASI_EINVAL;
  for (u32 i = 0; i < nsubs; i++) {
    const uint8_t *s = subs + (size_t)i * SUBSCRIPTION_SIZE;
    if (s[8] == EVENTTYPE_CLOCK) {
      u64 d = clock_sub_delay(s);
      any_clock = true;
      if (d != UINT64_MAX && d < min_delay) min_delay = d;
    } else {
      any_fd = true;
    }
  }
  /* fd subscriptions are always ready, so only a clock-only poll waits */
  if (!any_fd && any_clock && min_delay != UINT64_MAX && min_delay > 0) {
    if (g.deterministic) {
      for (int c = 0; c < 4; c++) g.fake_clock[c] += min_delay;
    } else {
      sleep_ns(min_delay);
    }
  }
  if (any_fd) min_delay = 0;
  /* `in` and `out` may overlap in a hostile guest: read each subscription before writing */
  for (u32 i = 0; i < nsubs; i++) {
    uint8_t sub[SUBSCRIPTION_SIZE], ev[EVENT_SIZE];
    uint16_t err = JMON_WASI_ESUCCESS;
    memcpy(sub, subs + (size_t)i * SUBSCRIPTION_SIZE, SUBSCRIPTION_SIZE);
    if (sub[8] == EVENTTYPE_CLOCK) {
      /* after the wait, relative timeouts up to min_delay and past absolute ones fired */
      u64 d = clock_sub_delay(sub);
      if (d == UINT64_MAX) {
        err = JMON_WASI_EINVAL;
      } else if ((sub[40] & SUBCLOCK_ABSTIME) ? d > 0 : d > min_delay) {
        continue;  /* not expired yet */
      }
    } else if (sub[8] == EVENTTYPE_FD_READ || sub[8] == EVENTTYPE_FD_WRITE) {
      u32 fd;
      memcpy(&fd, sub + 16, 4);  /* subscription_fd_readwrite: fd u32 @16 */
      if (fd_get(fd) == NULL) err = JMON_WASI_EBADF;
    } else {
      err = JMON_WASI_EINVAL;
    }
    memset(ev, 0, sizeof ev);
    memcpy(ev, sub, 8);  /* userdata */
    memcpy(ev + 8, &err, 2);
    ev[10] = sub[8];
    memcpy(events + (size_t)nevents * EVENT_SIZE, ev, EVENT_SIZE);
    nevents++;
  }
  jmon_guest_store_u32(g.mem, nevents_ptr, nevents);
  return JMON_WASI_ESUCCESS;
}

/* ---- process ---- */

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                         u32 code) {
  (void)inst;
  jmon_rt_proc_exit(code);
}

/* ---- fds ---- */

u32 Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *inst, u32 fd,
                                       u32 iovs, u32 iovs_len, u32 nwritten_ptr) {
  fd_entry_t *e = fd_get(fd);
  u64 total = 0;
  (void)inst;
  if (!jmon_guest_range_ok(g.mem, nwritten_ptr, 4) || !jmon_guest_iovecs_ok(g.mem, iovs, iovs_len))
    return JMON_WASI_EFAULT;
  if (e == NULL) return JMON_WASI_EBADF;
  if (e->kind == FD_PREOPEN || e->kind == FD_DIR) return JMON_WASI_EBADF;
  for (u32 i = 0; i < iovs_len; i++) {
    jmon_guest_buf_t b;
    if (!jmon_guest_iovec_at(g.mem, iovs, i, &b)) return JMON_WASI_EFAULT;
    if (total + b.len > UINT32_MAX) break;  /* nwritten is a u32: stop before it wraps */
    for (u32 off = 0; off < b.len;) {
      ssize_t n = write(e->host_fd, b.base + off, b.len - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
          wait_fd(e->host_fd, POLLOUT);
          continue;
        }
        if (total > 0) goto done;  /* report the bytes that did go out */
        return errno_from_host(errno);
      }
      off += (u32)n;
      total += (u64)n;
    }
  }
done:
  jmon_guest_store_u32(g.mem, nwritten_ptr, (u32)total);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_read(struct Z_wasi_snapshot_preview1_instance_t *inst, u32 fd,
                                      u32 iovs, u32 iovs_len, u32 nread_ptr) {
  fd_entry_t *e = fd_get(fd);
  u64 total = 0;
  (void)inst;
  if (!jmon_guest_range_ok(g.mem, nread_ptr, 4) || !jmon_guest_iovecs_ok(g.mem, iovs, iovs_len))
    return JMON_WASI_EFAULT;
  if (e == NULL) return JMON_WASI_EBADF;
  if (e->kind == FD_PREOPEN || e->kind == FD_DIR) return JMON_WASI_EISDIR;
  for (u32 i = 0; i < iovs_len; i++) {
    jmon_guest_buf_t b;
    ssize_t n;
    if (!jmon_guest_iovec_at(g.mem, iovs, i, &b)) return JMON_WASI_EFAULT;
    if (b.len == 0) continue;
    if (total + b.len > UINT32_MAX) break;
    for (;;) {
      n = read(e->host_fd, b.base, b.len);
      if (n >= 0) break;
      if (errno == EINTR) continue;
      if (errno == EAGAIN && total == 0) {
        wait_fd(e->host_fd, POLLIN);
        continue;
      }
      if (total > 0) goto done;
      return errno_from_host(errno);
    }
    total += (u64)n;
    if ((u32)n < b.len) break;  /* short read: do not block for the next buffer */
  }
done:
  jmon_guest_store_u32(g.mem, nread_ptr, (u32)total);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *inst, u32 fd) {
  fd_entry_t *e = fd_get(fd);
  (void)inst;
  if (e == NULL) return JMON_WASI_EBADF;
  if (e->kind != FD_STDIO) close(e->host_fd);  /* the process's stdio stays open for us */
  free(e->guest_name);
  memset(e, 0, sizeof *e);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *inst, u32 fd,
                                      u64 offset, u32 whence, u32 newoffset_ptr) {
  fd_entry_t *e = fd_get(fd);
  int how;
  off_t r;
  (void)inst;
  if (!jmon_guest_range_ok(g.mem, newoffset_ptr, 8)) return JMON_WASI_EFAULT;
  if (e == NULL) return JMON_WASI_EBADF;
  if (e->kind == FD_PREOPEN || e->kind == FD_DIR) return JMON_WASI_EBADF;
  switch (whence) {  /* witx `whence`: set 0, cur 1, end 2 */
    case 0: how = SEEK_SET; break;
    case 1: how = SEEK_CUR; break;
    case 2: how = SEEK_END; break;
    default: return JMON_WASI_EINVAL;
  }
  r = lseek(e->host_fd, (off_t)(int64_t)offset, how);
  if (r < 0) return errno_from_host(errno);
  jmon_guest_store_u64(g.mem, newoffset_ptr, (u64)r);
  return JMON_WASI_ESUCCESS;
}

/* witx `fdstat`, 24 bytes: filetype u8 @0, flags u16 @2, rights_base u64 @8,
 * rights_inheriting u64 @16. */
u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                            u32 fd, u32 buf) {
  fd_entry_t *e = fd_get(fd);
  uint8_t *p = jmon_guest_bytes(g.mem, buf, 24);
  uint16_t flags = 0;
  u64 base = RIGHTS_ALL, inheriting = RIGHTS_ALL;
  int fl;
  (void)inst;
  if (p == NULL) return JMON_WASI_EFAULT;
  if (e == NULL) return JMON_WASI_EBADF;
  memset(p, 0, 24);
  p[0] = e->kind == FD_PREOPEN ? FILETYPE_DIRECTORY : jmon_wasi_filetype_of(e->host_fd);
  /* wasi-libc's isatty() wants a character device without seek/tell rights */
  if (e->kind == FD_STDIO && isatty(e->host_fd)) base &= ~(RIGHT_FD_SEEK | RIGHT_FD_TELL);
  fl = fcntl(e->host_fd, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) flags |= FDFLAG_APPEND;
    if (fl & O_NONBLOCK) flags |= FDFLAG_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC) flags |= FDFLAG_SYNC;
    else if (fl & O_DSYNC) flags |= FDFLAG_DSYNC;
  }
  memcpy(p + 2, &flags, 2);
  memcpy(p + 8, &base, 8);
  memcpy(p + 16, &inheriting, 8);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_set_flags(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                                  u32 fd, u32 flags) {
  fd_entry_t *e = fd_get(fd);
  int fl;
  (void)inst;
  if (e == NULL) return JMON_WASI_EBADF;
  /* the process's stdio is shared with our parent: do not flip its flags */
  if (e->kind == FD_STDIO) return JMON_WASI_ESUCCESS;
  fl = fcntl(e->host_fd, F_GETFL);
  if (fl < 0) return errno_from_host(errno);
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & FDFLAG_APPEND) fl |= O_APPEND;
  if (flags & FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
  if (fcntl(e->host_fd, F_SETFL, fl) != 0) return errno_from_host(errno);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_filestat_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                              u32 fd, u32 buf) {
  fd_entry_t *e = fd_get(fd);
  struct stat st;
  (void)inst;
  if (!jmon_guest_range_ok(g.mem, buf, 64)) return JMON_WASI_EFAULT;
  if (e == NULL) return JMON_WASI_EBADF;
  if (fstat(e->host_fd, &st) != 0) return errno_from_host(errno);
  return store_filestat(buf, &st);
}

/* witx `prestat`, 8 bytes: tag u8 @0 (0 = dir), pr_name_len u32 @4. */
u32 Z_wasi_snapshot_preview1Z_fd_prestat_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                             u32 fd, u32 buf) {
  fd_entry_t *e = fd_get(fd);
  uint8_t *p = jmon_guest_bytes(g.mem, buf, 8);
  (void)inst;
  if (p == NULL) return JMON_WASI_EFAULT;
  /* wasi-libc scans fds from 3 up until EBADF: every non-preopen answers EBADF */
  if (e == NULL || e->kind != FD_PREOPEN) return JMON_WASI_EBADF;
  memset(p, 0, 8);
  memcpy(p + 4, &e->name_len, 4);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                                  u32 fd, u32 path, u32 path_len) {
  fd_entry_t *e = fd_get(fd);
  uint8_t *p = jmon_guest_bytes(g.mem, path, path_len);
  (void)inst;
  if (p == NULL) return JMON_WASI_EFAULT;
  if (e == NULL || e->kind != FD_PREOPEN) return JMON_WASI_EBADF;
  if (path_len < e->name_len) return JMON_WASI_ENAMETOOLONG;
  memcpy(p, e->guest_name, e->name_len);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_path_open(struct Z_wasi_snapshot_preview1_instance_t *inst, u32 dirfd,
                                        u32 dirflags, u32 path_ptr, u32 path_len, u32 oflags,
                                        u64 rights_base, u64 rights_inheriting, u32 fdflags,
                                        u32 fd_ptr) {
  fd_entry_t *dir = fd_get(dirfd);
  char *path = NULL;
  int flags = 0, host_fd, guest_fd;
  bool want_read, want_write;
  struct stat st;
  u32 err;
  (void)inst;
  (void)rights_inheriting;
  if (!jmon_guest_range_ok(g.mem, fd_ptr, 4)) return JMON_WASI_EFAULT;
  if (dir == NULL) return JMON_WASI_EBADF;
  if (dir->kind != FD_PREOPEN && dir->kind != FD_DIR) return JMON_WASI_ENOTDIR;
  err = guest_path(path_ptr, path_len, &path);
  if (err != JMON_WASI_ESUCCESS) return err;
  /* wasi-libc asks for these rights for O_RDONLY / O_WRONLY (see its openat) */
  want_read = (rights_base & (RIGHT_FD_READ | RIGHT_FD_READDIR)) != 0;
  want_write = (rights_base & (RIGHT_FD_WRITE | RIGHT_FD_DATASYNC | RIGHT_FD_ALLOCATE |
                               RIGHT_FD_FILESTAT_SET_SIZE)) != 0 ||
               (oflags & OFLAG_TRUNC) || (fdflags & FDFLAG_APPEND);
  if (oflags & OFLAG_DIRECTORY) {
    flags = O_RDONLY | O_DIRECTORY;
  } else if (want_write) {
    flags = want_read ? O_RDWR : O_WRONLY;
  } else {
    flags = O_RDONLY;
  }
  if (oflags & OFLAG_CREAT) flags |= O_CREAT;
  if (oflags & OFLAG_EXCL) flags |= O_EXCL;
  if (oflags & OFLAG_TRUNC) flags |= O_TRUNC;
  if (fdflags & FDFLAG_APPEND) flags |= O_APPEND;
  if (fdflags & FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
  if (fdflags & FDFLAG_SYNC) flags |= O_SYNC;
  else if (fdflags & (FDFLAG_DSYNC | FDFLAG_RSYNC)) flags |= O_DSYNC;
  host_fd = jmon_wasi_path_open_beneath(dir->host_fd, path, flags, 0666,
                                        (dirflags & LOOKUP_SYMLINK_FOLLOW) != 0);
  free(path);
  if (host_fd < 0) return errno_from_host(-host_fd);
  if (fstat(host_fd, &st) != 0) {
    err = errno_from_host(errno);
    close(host_fd);
    return err;
  }
  guest_fd = fd_add(S_ISDIR(st.st_mode) ? FD_DIR : FD_FILE, host_fd);
  if (guest_fd < 0) {
    close(host_fd);
    return JMON_WASI_ENOMEM;
  }
  jmon_guest_store_u32(g.mem, fd_ptr, (u32)guest_fd);
  return JMON_WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_path_filestat_get(struct Z_wasi_snapshot_preview1_instance_t *inst,
                                                u32 fd, u32 lookupflags, u32 path_ptr,
                                                u32 path_len, u32 buf) {
  fd_entry_t *dir = fd_get(fd);
  char *path = NULL;
  struct stat st;
  int host_fd;
  u32 err;
  (void)inst;
  if (!jmon_guest_range_ok(g.mem, buf, 64)) return JMON_WASI_EFAULT;
  if (dir == NULL) return JMON_WASI_EBADF;
  if (dir->kind != FD_PREOPEN && dir->kind != FD_DIR) return JMON_WASI_ENOTDIR;
  err = guest_path(path_ptr, path_len, &path);
  if (err != JMON_WASI_ESUCCESS) return err;
  /* O_PATH opens anything (even a symlink with O_NOFOLLOW) for a beneath-checked fstat */
  host_fd = jmon_wasi_path_open_beneath(dir->host_fd, path, O_PATH, 0,
                                        (lookupflags & LOOKUP_SYMLINK_FOLLOW) != 0);
  free(path);
  if (host_fd < 0) return errno_from_host(-host_fd);
  err = fstat(host_fd, &st) == 0 ? store_filestat(buf, &st) : errno_from_host(errno);
  close(host_fd);
  return err;
}
