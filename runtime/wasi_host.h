/* wasi_host.h: setup of the WASI preview1 host (args, environment, fds, clocks) that
 * wasi_host.c implements; the import functions themselves are declared by the generated code. */
#ifndef JMON_WASI_HOST_H
#define JMON_WASI_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wasm-rt.h"

/* WASI errno values (wasi_snapshot_preview1.witx `errno`, as numbered in wasi-libc's api.h). */
#define JMON_WASI_ESUCCESS 0
#define JMON_WASI_E2BIG 1
#define JMON_WASI_EACCES 2
#define JMON_WASI_EAGAIN 6
#define JMON_WASI_EBADF 8
#define JMON_WASI_EEXIST 20
#define JMON_WASI_EFAULT 21
#define JMON_WASI_EFBIG 22
#define JMON_WASI_EINTR 27
#define JMON_WASI_EINVAL 28
#define JMON_WASI_EIO 29
#define JMON_WASI_EISDIR 31
#define JMON_WASI_ELOOP 32
#define JMON_WASI_EMFILE 33
#define JMON_WASI_ENAMETOOLONG 37
#define JMON_WASI_ENFILE 41
#define JMON_WASI_ENOENT 44
#define JMON_WASI_ENOMEM 48
#define JMON_WASI_ENOSPC 51
#define JMON_WASI_ENOSYS 52
#define JMON_WASI_ENOTDIR 54
#define JMON_WASI_ENOTEMPTY 55
#define JMON_WASI_ENOTSUP 58
#define JMON_WASI_ENXIO 60
#define JMON_WASI_EOVERFLOW 61
#define JMON_WASI_EPERM 63
#define JMON_WASI_EPIPE 64
#define JMON_WASI_EROFS 69
#define JMON_WASI_ESPIPE 70
#define JMON_WASI_ENOTCAPABLE 76

/** One preopened directory: host path and the name the guest sees. */
typedef struct {
  const char *host;
  const char *guest;
} jmon_wasi_preopen_t;

/** Everything the WASI host needs at start; strings are copied by jmon_wasi_init(). */
typedef struct {
  int argc;                       /**< WASI args, argv[0] included */
  const char *const *argv;
  int envc;                       /**< guest environment, "K=V" strings */
  const char *const *env;
  int npreopens;                  /**< become fds 3, 4, ... in this order */
  const jmon_wasi_preopen_t *preopens;
  bool deterministic;             /**< fixed clocks, zero random bytes */
  int stdio_fds[3];               /**< host fds behind guest fds 0, 1, 2 (normally 0, 1, 2) */
} jmon_wasi_config_t;

typedef enum {
  JMON_WASI_OK = 0,
  JMON_WASI_ERR_NOMEM,
  JMON_WASI_ERR_PREOPEN           /**< a preopen directory cannot be opened */
} jmon_wasi_status_t;

/** @return a static string naming a status. */
const char *jmon_wasi_strerror(jmon_wasi_status_t status);

/**
 * Initialise (or re-initialise, after jmon_wasi_shutdown) the host state from cfg.
 * On JMON_WASI_ERR_PREOPEN, *failed_preopen (if non-NULL) is the index of the bad entry and
 * errno says why. Nothing stays allocated on failure.
 */
jmon_wasi_status_t jmon_wasi_init(const jmon_wasi_config_t *cfg, int *failed_preopen);

/** Close the fds the guest opened and the preopens (never the stdio host fds); free all state. */
void jmon_wasi_shutdown(void);

/** @return the memory set by jmon_wasi_set_memory(), or NULL. */
wasm_rt_memory_t *jmon_wasi_memory(void);

/** WASI filetype (witx `filetype`) of a host fd from fstat: 4 regular file, 3 directory, 2 for
 *  terminals, other character devices and pipes (FIFOs), 6 socket, 0 unknown or fstat failed. */
uint8_t jmon_wasi_filetype_of(int host_fd);

#endif
