/* test_trace.c: cmocka tests of probes/trace_writer.c against report/trace_reader.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "trace_reader.h"
#include "trace_writer.h"

typedef struct {
  uint8_t kind;
  uint32_t id;
  uint64_t fuel;
  char name[32];
} event_t;

typedef struct {
  event_t *ev;
  size_t n, cap;
} events_t;

static void push(events_t *e, event_t x) {
  if (e->n == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 1024;
    e->ev = realloc(e->ev, e->cap * sizeof *e->ev);
    assert_non_null(e->ev);
  }
  e->ev[e->n++] = x;
}

static int collect(const jmon_trace_event_t *ev, void *ctx) {
  event_t x = {.kind = ev->kind, .id = ev->id, .fuel = ev->fuel};
  if (ev->kind == JMON_TRACE_NAME) {
    assert_true(ev->name_len < sizeof x.name);
    memcpy(x.name, ev->name, ev->name_len);
  }
  push(ctx, x);
  return 0;
}

static uint64_t rng_state;
static uint64_t rnd(void) { /* xorshift64*: reproducible per seed */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1DULL;
}

static char path[64];

static void make_path(void) {
  snprintf(path, sizeof path, "/tmp/jmon-test-trace-%ld.zst", (long)getpid());
}

/* Writes `n` random events through the API, recording what was sent (END included). */
static void write_random(events_t *sent, size_t n, bool wasm) {
  assert_int_equal(jmon_trace_open(path, wasm, "random.wasm"), 0);
  uint64_t fuel = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned r = (unsigned)(rnd() % 100);
    fuel += rnd() % (r < 90 ? 300 : 1u << 20);
    if (r == 99 && fuel > 1000) fuel -= 1000; /* exercises FUEL_SET */
    event_t x = {.fuel = fuel, .id = (uint32_t)(rnd() % (r < 50 ? 40 : 100000))};
    if (r < 30) {
      x.kind = JMON_TRACE_JS_ENTER;
      jmon_trace_js_enter(x.id, fuel);
    } else if (r < 35) {
      x.kind = JMON_TRACE_JS_RESUME;
      jmon_trace_js_resume(x.id, fuel);
    } else if (r < 65) {
      x.kind = JMON_TRACE_JS_EXIT;
      x.id = 0;
      jmon_trace_js_exit(fuel);
    } else if (r < 80 && wasm) {
      x.kind = JMON_TRACE_WASM_ENTER;
      jmon_trace_wasm_enter(x.id, fuel);
    } else if (r < 95 && wasm) {
      x.kind = JMON_TRACE_WASM_EXIT;
      x.id = 0;
      jmon_trace_wasm_exit(fuel);
    } else if (r < 97) {
      x.kind = JMON_TRACE_NAME;
      snprintf(x.name, sizeof x.name, "fn_%u", x.id);
      /* A name carries the previous stamp, not a new one. */
      x.fuel = i ? sent->ev[sent->n - 1].fuel : 0;
      fuel = x.fuel;
      jmon_trace_name(x.id, x.name);
    } else {
      continue;
    }
    push(sent, x);
  }
  jmon_trace_close();
  jmon_trace_close(); /* twice is harmless */
  event_t end = {.kind = JMON_TRACE_END, .fuel = sent->n ? sent->ev[sent->n - 1].fuel : 0};
  push(sent, end);
}

static void assert_prefix(const events_t *got, const events_t *sent) {
  assert_true(got->n <= sent->n);
  for (size_t i = 0; i < got->n; i++) {
    assert_int_equal(got->ev[i].kind, sent->ev[i].kind);
    assert_int_equal(got->ev[i].id, sent->ev[i].id);
    assert_int_equal(got->ev[i].fuel, sent->ev[i].fuel);
    assert_string_equal(got->ev[i].name, sent->ev[i].name);
  }
}

static void test_round_trip(void **state) {
  (void)state;
  make_path();
  for (uint64_t seed = 1; seed <= 6; seed++) {
    rng_state = seed * 0x9E3779B97F4A7C15ULL;
    events_t sent = {0}, got = {0};
    /* seed 6 writes ~3 MiB of events: several frames */
    write_random(&sent, seed == 6 ? 800000 : 1000 * seed, seed % 2 == 0);
    jmon_trace_info_t info;
    assert_int_equal(jmon_trace_read_file(path, collect, &got, &info), JMON_TRACE_READ_OK);
    assert_true(info.ended);
    assert_false(info.truncated);
    assert_string_equal(info.module, "random.wasm");
    assert_int_equal(info.wasm_events, seed % 2 == 0);
    assert_int_equal(got.n, sent.n);
    assert_prefix(&got, &sent);
    if (seed == 6) assert_true(info.frames >= 2);
    free(sent.ev);
    free(got.ev);
  }
  unlink(path);
}

static void test_truncation(void **state) {
  (void)state;
  make_path();
  rng_state = 42;
  events_t sent = {0};
  write_random(&sent, 700000, true);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  uint8_t *buf = malloc((size_t)size);
  assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
  fclose(f);
  jmon_trace_info_t full;
  assert_int_equal(jmon_trace_read_buffer(buf, (size_t)size, NULL, NULL, &full), JMON_TRACE_READ_OK);
  assert_true(full.frames >= 2);
  for (int k = 0; k < 20; k++) {
    size_t cut = 1 + (size_t)(rnd() % (uint64_t)(size - 1));
    events_t got = {0};
    jmon_trace_info_t info;
    jmon_trace_read_status_t rc = jmon_trace_read_buffer(buf, cut, collect, &got, &info);
    assert_int_equal(rc, JMON_TRACE_READ_OK);
    assert_true(info.truncated);
    assert_false(info.ended);
    assert_true(info.frames < full.frames);
    assert_prefix(&got, &sent);
    free(got.ev);
  }
  free(buf);
  free(sent.ev);
  unlink(path);
}

/* fib-like JS recursion: the stamps repeat with small jitter, as real runs do. */
static void test_bytes_per_event(void **state) {
  (void)state;
  make_path();
  assert_int_equal(jmon_trace_open(path, false, "fib.wasm"), 0);
  rng_state = 7;
  uint64_t fuel = 23000, events = 0;
  jmon_trace_name(1, "fib");
  jmon_trace_name(2, "main");
  jmon_trace_js_enter(2, fuel);
  for (int run = 0; run < 5; run++) {
    /* iterative depth-first walk of fib(20)'s call tree */
    int stack[32], sp = 0, n = 20;
    stack[sp++] = n;
    jmon_trace_js_enter(1, fuel += 40);
    events++;
    int pending[32];
    pending[0] = 2;
    while (sp) {
      int cur = stack[sp - 1];
      if (cur < 2 || pending[sp - 1] == 0) {
        fuel += cur < 2 ? 95 : 60 + rnd() % 4;
        jmon_trace_js_exit(fuel);
        events++;
        sp--;
        continue;
      }
      int child = cur - (3 - pending[sp - 1]);
      pending[sp - 1]--;
      fuel += 150 + (rnd() % 8 == 0 ? 20 : 0);
      jmon_trace_js_enter(1, fuel);
      events++;
      stack[sp] = child;
      pending[sp] = 2;
      sp++;
    }
  }
  jmon_trace_js_exit(fuel + 10);
  jmon_trace_close();
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fclose(f);
  double per = (double)size / (double)events;
  print_message("bytes/event: %.3f (%ld bytes, %llu events)\n", per, size,
                (unsigned long long)events);
  assert_true(per <= 2.0);
  jmon_trace_info_t info;
  assert_int_equal(jmon_trace_read_file(path, NULL, NULL, &info), JMON_TRACE_READ_OK);
  assert_int_equal(info.events, events + 2 /* outer main enter/exit */ + 2 /* names */ + 1);
  unlink(path);
}

static void test_bad_inputs(void **state) {
  (void)state;
  jmon_trace_info_t info;
  assert_int_equal(jmon_trace_open("/nonexistent-dir/x/trace.zst", false, "m"), -1);
  assert_false(jmon_trace_on);
  jmon_trace_js_enter(1, 1); /* off: no effect, no crash */
  jmon_trace_close();
  assert_int_equal(jmon_trace_read_buffer("", 0, NULL, NULL, &info), JMON_TRACE_READ_NOT_TRACE);
  assert_int_equal(jmon_trace_read_buffer("hello world", 11, NULL, NULL, &info),
                   JMON_TRACE_READ_NOT_TRACE);
  assert_int_equal(jmon_trace_read_file("/nonexistent-file", NULL, NULL, &info),
                   JMON_TRACE_READ_IO);
  /* random garbage must never crash */
  rng_state = 99;
  uint8_t junk[512];
  for (int k = 0; k < 2000; k++) {
    size_t n = (size_t)(rnd() % sizeof junk);
    for (size_t i = 0; i < n; i++) junk[i] = (uint8_t)rnd();
    if (k % 2 && n >= 4) memcpy(junk, "\x28\xb5\x2f\xfd", 4); /* zstd magic */
    (void)jmon_trace_read_buffer(junk, n, NULL, NULL, &info);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_truncation),
      cmocka_unit_test(test_bytes_per_event),
      cmocka_unit_test(test_bad_inputs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
