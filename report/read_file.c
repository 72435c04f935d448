/* read_file.c: a whole file into one NUL-terminated buffer (profiles, traces, corpus inputs). */
#include "read_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *jmon_read_file(const char *path, size_t *len, char *err, size_t errsz) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errsz, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *bigger = realloc(buf, cap * 2 + 1);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  int why = 0;
  if (!buf) {
    why = ENOMEM;
    snprintf(err, errsz, "out of memory");
  } else if (ferror(f)) {
    why = EIO;
    snprintf(err, errsz, "%s: read error", path);
    free(buf);
    buf = NULL;
  } else {
    buf[n] = 0;
    *len = n;
  }
  fclose(f);
  if (why) errno = why;
  return buf;
}
