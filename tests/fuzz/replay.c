/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on every file of the given directories, without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read a whole file. @return a malloc'd buffer (caller frees), or NULL. */
static uint8_t *replay_slurp(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *buf = NULL;
  size_t cap = 0, len = 0;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      uint8_t *nbuf = realloc(buf, ncap);
      if (!nbuf) goto fail;
      buf = nbuf;
      cap = ncap;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  if (ferror(f)) goto fail;
  fclose(f);
  *size = len;
  return buf;
fail:
  free(buf);
  fclose(f);
  return NULL;
}

/* Run one input in a child, so an abort or a signal fails that input and not the replay.
 * @return 0 when the target returned normally. */
static int replay_one(const char *path) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    size_t size = 0;
    uint8_t *data = replay_slurp(path, &size);
    if (!data) _exit(3);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    _exit(0);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFSIGNALED(status)) printf("FAIL %s: signal %d\n", path, WTERMSIG(status));
  else printf("FAIL %s: exit %d\n", path, WEXITSTATUS(status));
  return -1;
}

int main(int argc, char **argv) {
  unsigned passed = 0, failed = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      printf("FAIL %s: cannot stat\n", argv[i]);
      failed++;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (replay_one(argv[i]) == 0) passed++;
      else failed++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    if (!d) {
      printf("FAIL %s: cannot open\n", argv[i]);
      failed++;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
      if (replay_one(path) == 0) passed++;
      else failed++;
    }
    closedir(d);
  }
  printf("%u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
