/* wasi_path.h: resolve guest paths under a preopened directory without escaping it. */
#ifndef JMON_WASI_PATH_H
#define JMON_WASI_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/**
 * Lexical check of a guest path relative to a directory fd.
 * @return true when it is not absolute, holds no NUL byte, is not empty, and no `..`
 * component climbs above the starting directory ("a/../b" is fine, "a/../../b" is not).
 */
bool jmon_wasi_path_is_beneath(const char *path, size_t len);

/**
 * openat() of path (NUL-terminated, already accepted by jmon_wasi_path_is_beneath) under
 * dirfd, refusing to leave dirfd through symlinks too (openat2 RESOLVE_BENEATH; on kernels
 * without openat2 only the lexical check protects). follow=false adds O_NOFOLLOW.
 * @return the new host fd, or -errno (EXDEV when the path would escape).
 */
int jmon_wasi_path_open_beneath(int dirfd, const char *path, int flags, mode_t mode, bool follow);

#endif
