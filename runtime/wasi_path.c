/* wasi_path.c: resolve guest paths under a preopened directory without escaping it. */
#include "wasi_path.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

bool jmon_wasi_path_is_beneath(const char *path, size_t len) {
  long depth = 0;
  size_t i = 0;
  if (len == 0 || path[0] == '/') return false;
  if (memchr(path, '\0', len) != NULL) return false;
  while (i < len) {
    size_t start = i;
    while (i < len && path[i] != '/') i++;
    size_t n = i - start;
    if (n == 2 && path[start] == '.' && path[start + 1] == '.') {
      if (--depth < 0) return false;
    } else if (n > 0 && !(n == 1 && path[start] == '.')) {
      depth++;
    }
    while (i < len && path[i] == '/') i++;
  }
  return true;
}

int jmon_wasi_path_open_beneath(int dirfd, const char *path, int flags, mode_t mode, bool follow) {
  static int have_openat2 = 1;  /* cleared once the kernel says ENOSYS */
  int fd;
  if (!follow) flags |= O_NOFOLLOW;
  if (have_openat2) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(unsigned)(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return fd;
    if (errno != ENOSYS) return -errno;
    have_openat2 = 0;
  }
  fd = openat(dirfd, path, flags | O_CLOEXEC, mode);
  return fd >= 0 ? fd : -errno;
}
