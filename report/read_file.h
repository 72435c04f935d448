/* read_file.h: read a whole file into memory. */
#ifndef JMON_READ_FILE_H
#define JMON_READ_FILE_H

#include <stddef.h>

/** Read a whole file into a NUL-terminated buffer (malloc'd; the NUL is not counted in *len).
 *  @return the buffer, or NULL with a one-line reason in err (cannot open, read error, out of
 *  memory; errno is then ENOMEM when memory ran out). */
char *jmon_read_file(const char *path, size_t *len, char *err, size_t errsz);

#endif
