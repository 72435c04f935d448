/* test_wasi_host.c: cmocka tests of the WASI host's guest-memory checks, iovec handling and a
 * few WASI functions, on a fake linear memory (no wasm2c module involved). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest_memory.h"
#include "jmon_rt.h"
#include "wasi_host.h"
#include "wasi_path.h"

/* The generated code normally declares these (wasm2c -n <mod>: import instance first). */
struct Z_wasi_snapshot_preview1_instance_t;
uint32_t Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *, uint32_t,
                                            uint32_t, uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_fd_read(struct Z_wasi_snapshot_preview1_instance_t *, uint32_t,
                                           uint32_t, uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *,
                                                  uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *, uint32_t,
                                            uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *,
                                                  uint32_t, uint64_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_random_get(struct Z_wasi_snapshot_preview1_instance_t *,
                                              uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_poll_oneoff(struct Z_wasi_snapshot_preview1_instance_t *,
                                               uint32_t, uint32_t, uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_fd_prestat_get(struct Z_wasi_snapshot_preview1_instance_t *,
                                                  uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(
    struct Z_wasi_snapshot_preview1_instance_t *, uint32_t, uint32_t, uint32_t);
uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *,
                                                 uint32_t, uint32_t);

#define MEM_SIZE 65536u

typedef struct {
  wasm_rt_memory_t mem;
  int pipe_fds[2];   /* guest fd 1 and 2 write into [1]; guest fd 0 reads from [0] */
} fixture_t;

static int setup_with(void **state, bool deterministic, int npreopens,
                      const jmon_wasi_preopen_t *preopens) {
  fixture_t *f = calloc(1, sizeof *f);
  const char *argv[] = {"t.wasm", "one", "two words"};
  jmon_wasi_config_t cfg;
  if (f == NULL) return -1;
  f->mem.data = calloc(MEM_SIZE, 1);
  f->mem.size = MEM_SIZE;
  f->mem.pages = f->mem.max_pages = 1;
  if (f->mem.data == NULL || pipe(f->pipe_fds) != 0) return -1;
  memset(&cfg, 0, sizeof cfg);
  cfg.argc = 3;
  cfg.argv = argv;
  cfg.deterministic = deterministic;
  cfg.npreopens = npreopens;
  cfg.preopens = preopens;
  cfg.stdio_fds[0] = f->pipe_fds[0];
  cfg.stdio_fds[1] = f->pipe_fds[1];
  cfg.stdio_fds[2] = f->pipe_fds[1];
  if (jmon_wasi_init(&cfg, NULL) != JMON_WASI_OK) return -1;
  jmon_wasi_set_memory(&f->mem);
  *state = f;
  return 0;
}

static int setup(void **state) { return setup_with(state, true, 0, NULL); }

static int setup_preopen(void **state) {
  static const jmon_wasi_preopen_t dirs[] = {{"/", "/sandbox"}};
  return setup_with(state, false, 1, dirs);
}

static int teardown(void **state) {
  fixture_t *f = *state;
  jmon_wasi_set_memory(NULL);
  jmon_wasi_shutdown();
  close(f->pipe_fds[0]);
  close(f->pipe_fds[1]);
  free(f->mem.data);
  free(f);
  return 0;
}

static void put_iovec(fixture_t *f, uint32_t at, uint32_t buf, uint32_t len) {
  assert_true(jmon_guest_store_u32(&f->mem, at, buf));
  assert_true(jmon_guest_store_u32(&f->mem, at + 4, len));
}

/* ---- guest_memory ---- */

static void test_range_table(void **state) {
  fixture_t *f = *state;
  static const struct { uint32_t ptr; uint64_t len; bool ok; } cases[] = {
      {0, 0, true},           {0, MEM_SIZE, true},     {1, MEM_SIZE, false},
      {MEM_SIZE, 0, true},    {MEM_SIZE, 1, false},    {MEM_SIZE - 4, 4, true},
      {MEM_SIZE - 3, 4, false}, {0xffffffffu, 2, false}, {0xfffffff0u, 0x20, false},
      {0, UINT64_MAX, false}, {0xffffffffu, UINT64_MAX, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(jmon_guest_range_ok(&f->mem, cases[i].ptr, cases[i].len), cases[i].ok);
  assert_false(jmon_guest_range_ok(NULL, 0, 0));
  assert_null(jmon_guest_bytes(&f->mem, MEM_SIZE, 1));
  assert_ptr_equal(jmon_guest_bytes(&f->mem, 10, 1), f->mem.data + 10);
}

static void test_load_store(void **state) {
  fixture_t *f = *state;
  uint64_t v64 = 0;
  uint32_t v32 = 0;
  assert_true(jmon_guest_store_u64(&f->mem, 3, 0x1122334455667788ull));  /* unaligned */
  assert_true(jmon_guest_load_u64(&f->mem, 3, &v64));
  assert_true(v64 == 0x1122334455667788ull);
  assert_int_equal(f->mem.data[3], 0x88);  /* little-endian like wasm */
  assert_false(jmon_guest_store_u32(&f->mem, MEM_SIZE - 2, 1));
  assert_int_equal(f->mem.data[MEM_SIZE - 2], 0);  /* nothing written */
  v32 = 7;
  assert_false(jmon_guest_load_u32(&f->mem, MEM_SIZE - 3, &v32));
  assert_int_equal(v32, 7);
}

static void test_iovecs(void **state) {
  fixture_t *f = *state;
  jmon_guest_buf_t b;
  put_iovec(f, 100, 1000, 10);
  put_iovec(f, 108, MEM_SIZE - 5, 5);
  assert_true(jmon_guest_iovecs_ok(&f->mem, 100, 2));
  assert_true(jmon_guest_iovecs_ok(&f->mem, 100, 0));
  assert_true(jmon_guest_iovec_at(&f->mem, 100, 1, &b));
  assert_ptr_equal(b.base, f->mem.data + MEM_SIZE - 5);
  assert_int_equal(b.len, 5);
  put_iovec(f, 108, MEM_SIZE - 5, 6);                      /* one byte too far */
  assert_false(jmon_guest_iovecs_ok(&f->mem, 100, 2));
  put_iovec(f, 108, 0xfffffff0u, 0x20);                    /* wraps 2^32 */
  assert_false(jmon_guest_iovecs_ok(&f->mem, 100, 2));
  assert_false(jmon_guest_iovecs_ok(&f->mem, MEM_SIZE - 4, 1));  /* array itself */
  assert_false(jmon_guest_iovecs_ok(&f->mem, 100, 0x20000000u)); /* count * 8 = 4 GiB */
  assert_false(jmon_guest_iovec_at(&f->mem, 0xfffffff8u, 1, &b));
}

/* ---- fd_write / fd_read ---- */

static void test_fd_write(void **state) {
  fixture_t *f = *state;
  char got[32] = {0};
  memcpy(f->mem.data + 1000, "hello ", 6);
  memcpy(f->mem.data + 2000, "world", 5);
  put_iovec(f, 100, 1000, 6);
  put_iovec(f, 108, 2000, 5);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_write(jmon_wasi_instance(), 1, 100, 2, 200), 0);
  assert_int_equal(f->mem.data[200], 11);
  assert_int_equal(read(f->pipe_fds[0], got, sizeof got), 11);
  assert_string_equal(got, "hello world");
}

static void test_fd_write_hostile(void **state) {
  fixture_t *f = *state;
  put_iovec(f, 100, 1000, 6);
  put_iovec(f, 108, 0x7fffffffu, 1);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_write(jmon_wasi_instance(), 1, 100, 2, 200),
                   JMON_WASI_EFAULT);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_write(jmon_wasi_instance(), 1, 100, 1, MEM_SIZE - 1),
                   JMON_WASI_EFAULT);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_write(jmon_wasi_instance(), 9, 100, 1, 200),
                   JMON_WASI_EBADF);
  /* nothing reached the pipe */
  fcntl(f->pipe_fds[0], F_SETFL, O_NONBLOCK);
  char c;
  assert_int_equal(read(f->pipe_fds[0], &c, 1), -1);
}

static void test_fd_read(void **state) {
  fixture_t *f = *state;
  assert_int_equal(write(f->pipe_fds[1], "abcdefgh", 8), 8);
  put_iovec(f, 100, 1000, 3);
  put_iovec(f, 108, 2000, 10);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_read(jmon_wasi_instance(), 0, 100, 2, 200), 0);
  assert_int_equal(f->mem.data[200], 8);
  assert_memory_equal(f->mem.data + 1000, "abc", 3);
  assert_memory_equal(f->mem.data + 2000, "defgh", 5);
  put_iovec(f, 100, MEM_SIZE, 1);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_read(jmon_wasi_instance(), 0, 100, 1, 200),
                   JMON_WASI_EFAULT);
}

/* ---- args, clocks, random, poll ---- */

static void test_args(void **state) {
  fixture_t *f = *state;
  uint32_t argc = 0, size = 0, p = 0;
  assert_int_equal(Z_wasi_snapshot_preview1Z_args_sizes_get(jmon_wasi_instance(), 100, 104), 0);
  assert_true(jmon_guest_load_u32(&f->mem, 100, &argc));
  assert_true(jmon_guest_load_u32(&f->mem, 104, &size));
  assert_int_equal(argc, 3);
  assert_int_equal(size, sizeof "t.wasm" + sizeof "one" + sizeof "two words");
  assert_int_equal(Z_wasi_snapshot_preview1Z_args_get(jmon_wasi_instance(), 200, 300), 0);
  assert_true(jmon_guest_load_u32(&f->mem, 208, &p));
  assert_string_equal((char *)f->mem.data + p, "two words");
  assert_int_equal(Z_wasi_snapshot_preview1Z_args_get(jmon_wasi_instance(), 200, MEM_SIZE - 5),
                   JMON_WASI_EFAULT);
}

static void test_deterministic_clock_random(void **state) {
  fixture_t *f = *state;
  uint64_t t0 = 0, t1 = 0;
  assert_int_equal(Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 0, 1, 100), 0);
  assert_true(jmon_guest_load_u64(&f->mem, 100, &t0));
  assert_int_equal(Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 0, 1, 100), 0);
  assert_true(jmon_guest_load_u64(&f->mem, 100, &t1));
  assert_true(t0 == 1700000000000000000ull);
  assert_true(t1 == t0 + 1000000);
  assert_int_equal(Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 9, 1, 100),
                   JMON_WASI_EINVAL);
  assert_int_equal(Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 0, 1, MEM_SIZE - 7),
                   JMON_WASI_EFAULT);
  memset(f->mem.data + 500, 0xff, 16);
  assert_int_equal(Z_wasi_snapshot_preview1Z_random_get(jmon_wasi_instance(), 500, 16), 0);
  for (int i = 0; i < 16; i++) assert_int_equal(f->mem.data[500 + i], 0);
  assert_int_equal(Z_wasi_snapshot_preview1Z_random_get(jmon_wasi_instance(), MEM_SIZE - 1, 2),
                   JMON_WASI_EFAULT);
  assert_true(jmon_rt_deterministic());
}

static void test_poll_clock(void **state) {
  fixture_t *f = *state;
  uint64_t before = 0, after = 0, userdata = 0;
  uint32_t n = 0;
  Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 1, 1, 100);
  assert_true(jmon_guest_load_u64(&f->mem, 100, &before));
  /* subscription (48 bytes): userdata @0, tag @8, clock id @16, timeout @24, flags @40 */
  jmon_guest_store_u64(&f->mem, 1000, 77);
  jmon_guest_store_u8(&f->mem, 1008, 0);
  jmon_guest_store_u32(&f->mem, 1016, 1);
  jmon_guest_store_u64(&f->mem, 1024, 5000000000ull);  /* 5 s: must not really sleep */
  jmon_guest_store_u16(&f->mem, 1040, 0);
  assert_int_equal(Z_wasi_snapshot_preview1Z_poll_oneoff(jmon_wasi_instance(), 1000, 2000, 1, 3000), 0);
  assert_true(jmon_guest_load_u32(&f->mem, 3000, &n));
  assert_int_equal(n, 1);
  assert_true(jmon_guest_load_u64(&f->mem, 2000, &userdata));
  assert_int_equal(userdata, 77);
  Z_wasi_snapshot_preview1Z_clock_time_get(jmon_wasi_instance(), 1, 1, 100);
  assert_true(jmon_guest_load_u64(&f->mem, 100, &after));
  assert_true(after >= before + 5000000000ull);
  assert_int_equal(Z_wasi_snapshot_preview1Z_poll_oneoff(jmon_wasi_instance(), 1000, 2000, 0, 3000),
                   JMON_WASI_EINVAL);
  assert_int_equal(Z_wasi_snapshot_preview1Z_poll_oneoff(jmon_wasi_instance(), 1000, 2000, 2000, 3000),
                   JMON_WASI_EFAULT);
}

/* ---- fds: prestat, fdstat ---- */

static void test_prestat_none(void **state) {
  (void)state;
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_get(jmon_wasi_instance(), 3, 100),
                   JMON_WASI_EBADF);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_get(jmon_wasi_instance(), 1, 100),
                   JMON_WASI_EBADF);
}

static void test_prestat_dir(void **state) {
  fixture_t *f = *state;
  uint32_t len = 0;
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_get(jmon_wasi_instance(), 3, 100), 0);
  assert_int_equal(f->mem.data[100], 0);
  assert_true(jmon_guest_load_u32(&f->mem, 104, &len));
  assert_int_equal(len, 8);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(jmon_wasi_instance(), 3, 200, 4),
                   JMON_WASI_ENAMETOOLONG);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(jmon_wasi_instance(), 3, 200, 8), 0);
  assert_memory_equal(f->mem.data + 200, "/sandbox", 8);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_prestat_get(jmon_wasi_instance(), 4, 100),
                   JMON_WASI_EBADF);
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_fdstat_get(jmon_wasi_instance(), 3, 300), 0);
  assert_int_equal(f->mem.data[300], 3);  /* directory */
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_fdstat_get(jmon_wasi_instance(), 1, 300), 0);
  assert_int_equal(f->mem.data[300], 2);  /* a pipe shows as character device */
  assert_int_equal(Z_wasi_snapshot_preview1Z_fd_fdstat_get(jmon_wasi_instance(), 1, MEM_SIZE - 23),
                   JMON_WASI_EFAULT);
}

/* ---- paths, warnings ---- */

static void test_path_beneath(void **state) {
  static const struct { const char *path; bool ok; } cases[] = {
      {"a.txt", true},     {"a/b/c", true},      {"a/../b", true},   {"./a", true},
      {"a//b/", true},     {".", true},          {"..", false},      {"../a", false},
      {"a/../../b", false}, {"/etc/passwd", false}, {"", false},      {"a/./../..", false},
  };
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(jmon_wasi_path_is_beneath(cases[i].path, strlen(cases[i].path)), cases[i].ok);
  assert_false(jmon_wasi_path_is_beneath("a\0b", 3));
}

/* witx filetype numbers: 2 character device, 3 directory, 4 regular file, 6 socket stream. */
static void test_filetype_of(void **state) {
  (void)state;
  char dir[] = "/tmp/jmon-filetype-XXXXXX", path[64];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/fifo", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  int fifo = open(path, O_RDWR | O_NONBLOCK), pipefd[2], sock[2];
  assert_int_equal(pipe(pipefd), 0);
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sock), 0);
  snprintf(path, sizeof path, "%s/file", dir);
  int file = open(path, O_CREAT | O_RDWR, 0600), d = open(dir, O_RDONLY | O_DIRECTORY),
      null = open("/dev/null", O_RDONLY);
  static const int want[] = {2, 2, 6, 4, 3, 2};
  const int fds[] = {fifo, pipefd[0], sock[0], file, d, null};
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
    assert_true(fds[i] >= 0);
    assert_int_equal(jmon_wasi_filetype_of(fds[i]), want[i]);
    close(fds[i]);
  }
  assert_int_equal(jmon_wasi_filetype_of(fds[0]), 0);   /* closed: fstat fails */
  close(pipefd[1]);
  close(sock[1]);
  unlink(path);
  snprintf(path, sizeof path, "%s/fifo", dir);
  unlink(path);
  rmdir(dir);
}

static void test_warnings(void **state) {
  (void)state;
  int before = jmon_warning_count();
  jmon_warn("thing %d", 42);
  assert_int_equal(jmon_warning_count(), before + 1);
  assert_string_equal(jmon_warning(before), "thing 42");
  assert_null(jmon_warning(before + 1));
  assert_null(jmon_warning(-1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_range_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_load_store, setup, teardown),
      cmocka_unit_test_setup_teardown(test_iovecs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fd_write, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fd_write_hostile, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fd_read, setup, teardown),
      cmocka_unit_test_setup_teardown(test_args, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deterministic_clock_random, setup, teardown),
      cmocka_unit_test_setup_teardown(test_poll_clock, setup, teardown),
      cmocka_unit_test_setup_teardown(test_prestat_none, setup, teardown),
      cmocka_unit_test_setup_teardown(test_prestat_dir, setup_preopen, teardown),
      cmocka_unit_test(test_path_beneath),
      cmocka_unit_test(test_filetype_of),
      cmocka_unit_test(test_warnings),
  };
  return cmocka_run_group_tests_name("wasi_host", tests, NULL, NULL);
}
