/* main.c: jmon-report's command line: parses arguments, loads the profile, calls one formatter. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "formats.h"
#include "merge.h"
#include "profile.h"
#include "samples.h"
#include "source_map_apply.h"
#include "trace_reader.h"
#include "trace_writer.h"

#ifndef JMON_VERSION
#define JMON_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: jmon-report PROFILE [--trace TRACE] [--format FORMAT] [-o OUT] [--max-fuel N]\n"
    "       jmon-report --decode TRACE\n"
    "       jmon-report --max-fuel N PROFILE\n"
    "       jmon-report merge PROFILE... [-o OUT]\n"
    "       jmon-report diff BASE NEW [--format text|svg|folded] [--fail-over PCT] [-o OUT]\n"
    "FORMAT: text (default) | folded | speedscope | pprof | chrome (needs --trace) | svg\n"
    "--max-fuel N: exit 1 when the profile's total_fuel is over N (e.g. 11000000)\n"
    "--source-map FILE.map, --js-source BUNDLE.js: map a profile built without them to the\n"
    "  original files, lines and names (docs/source-maps.md)\n";

static int usage(const char *msg) {
  if (msg) fprintf(stderr, "jmon-report: error: %s\n", msg);
  fputs(usage_text, stderr);
  return 2;
}

static const char *kind_name(unsigned kind) {
  static const char *names[] = {"js_enter", "js_resume", "js_exit", "wasm_enter", "wasm_exit",
                                "name", "end", "fuel_set"};
  return kind < 8 ? names[kind] : "?";
}

static int print_event(const jmon_trace_event_t *ev, void *ctx) {
  FILE *o = ctx;
  fprintf(o, "%" PRIu64 " %s", ev->fuel, kind_name(ev->kind));
  if (ev->kind == JMON_TRACE_JS_ENTER || ev->kind == JMON_TRACE_JS_RESUME ||
      ev->kind == JMON_TRACE_WASM_ENTER || ev->kind == JMON_TRACE_NAME)
    fprintf(o, " %u", ev->id);
  if (ev->kind == JMON_TRACE_NAME) fprintf(o, " %.*s", (int)ev->name_len, ev->name);
  fputc('\n', o);
  return 0;
}

static int decode(const char *path, FILE *o) {
  jmon_trace_info_t info;
  jmon_trace_read_status_t st = jmon_trace_read_file(path, print_event, o, &info);
  if (st != JMON_TRACE_READ_OK) {
    fprintf(stderr, "jmon-report: error: %s: %s\n", path, jmon_trace_read_strerror(st));
    return 1;
  }
  fprintf(o, "# jmon trace v%u, module %s, wasm events %s: %" PRIu64 " events in %" PRIu64
          " frames, %zu bytes\n", info.version, *info.module ? info.module : "?",
          info.wasm_events ? "on" : "off", info.events, info.frames, info.bytes);
  if (info.truncated) fprintf(o, "truncated after %" PRIu64 " complete frames\n", info.frames);
  return 0;
}

static int parse_u64(const char *s, uint64_t *out) {
  if (!s || !*s || *s == '-') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end) return -1;
  *out = v;
  return 0;
}

static FILE *open_out(const char *path) {
  if (!path) return stdout;
  FILE *f = fopen(path, "wb");
  if (!f) fprintf(stderr, "jmon-report: error: %s: cannot create: %s\n", path, strerror(errno));
  return f;
}

static int close_out(FILE *out, const char *path, int rc) {
  if (out != stdout) {
    if (fclose(out) != 0 && rc == 0) {
      fprintf(stderr, "jmon-report: error: %s: write failed\n", path);
      rc = 1;
    }
  } else if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "jmon-report: error: write to stdout failed\n");
    if (rc == 0) rc = 1;
  }
  return rc;
}

/* jmon-report merge P1 P2 ... [-o OUT] */
static int cmd_merge(int argc, char **argv) {
  const char *out_path = NULL;
  int nin = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-o")) {
      if (i + 1 >= argc) return usage("-o needs a value");
      out_path = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      char msg[300];
      snprintf(msg, sizeof msg, "merge: unknown option %.200s", argv[i]);
      return usage(msg);
    } else {
      nin++;
    }
  }
  if (!nin) return usage("merge needs at least one PROFILE");
  jmon_merge_t *m = jmon_merge_new();
  char err[512];
  if (!m) {
    fprintf(stderr, "jmon-report: error: out of memory\n");
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-o")) {
      i++;
      continue;
    }
    if (jmon_merge_add_file(m, argv[i], err, sizeof err) != 0) {
      fprintf(stderr, "jmon-report: error: %s\n", err);
      jmon_merge_free(m);
      return 1;
    }
  }
  FILE *out = open_out(out_path);
  if (!out) {
    jmon_merge_free(m);
    return 1;
  }
  int rc = 0;
  if (jmon_merge_write(m, out, err, sizeof err) != 0) {
    fprintf(stderr, "jmon-report: error: %s\n", err);
    rc = 1;
  }
  jmon_merge_free(m);
  return close_out(out, out_path, rc);
}

static int parse_pct(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= 0) || v > 1e12) return -1;
  *out = v;
  return 0;
}

/* jmon-report diff BASE NEW [--format text|svg|folded] [--fail-over PCT] [-o OUT] */
static int cmd_diff(int argc, char **argv) {
  const char *paths[2] = {NULL, NULL}, *out_path = NULL, *format = "text";
  double fail_over = 0;
  bool check = false;
  int n = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-o") || !strcmp(a, "--format") || !strcmp(a, "--fail-over")) {
      if (i + 1 >= argc) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s needs a value", a);
        return usage(msg);
      }
      const char *v = argv[++i];
      if (!strcmp(a, "-o")) out_path = v;
      else if (!strcmp(a, "--format")) format = v;
      else if (parse_pct(v, &fail_over) != 0) return usage("--fail-over needs a percentage >= 0");
      else check = true;
    } else if (a[0] == '-' && a[1]) {
      char msg[300];
      snprintf(msg, sizeof msg, "diff: unknown option %.200s", a);
      return usage(msg);
    } else if (n < 2) {
      paths[n++] = a;
    } else {
      return usage("diff takes two profiles, BASE and NEW");
    }
  }
  if (n != 2) return usage("diff takes two profiles, BASE and NEW");
  jmon_diff_format_t fmt;
  if (!strcmp(format, "text")) fmt = JMON_DIFF_TEXT;
  else if (!strcmp(format, "svg")) fmt = JMON_DIFF_SVG;
  else if (!strcmp(format, "folded")) fmt = JMON_DIFF_FOLDED;
  else return usage("diff: unknown --format (text, svg, folded)");
  jmon_profile_t prof[2];
  char err[512] = "";
  for (int k = 0; k < 2; k++)
    if (jmon_profile_load(paths[k], &prof[k], err, sizeof err) != 0) {
      fprintf(stderr, "jmon-report: error: %s\n", err);
      if (k) jmon_profile_free(&prof[0]);
      return 1;
    }
  int rc = 0;
  FILE *out = open_out(out_path);
  if (!out) rc = 1;
  else if (jmon_diff_write(out, fmt, &prof[0], &prof[1], err, sizeof err) != 0) {
    fprintf(stderr, "jmon-report: error: %s\n", err);
    rc = 1;
  }
  if (rc == 0 && check) {
    uint64_t b = prof[0].total_fuel, nw = prof[1].total_fuel;
    double growth = b ? 100.0 * ((double)nw - (double)b) / (double)b : (nw ? 1e300 : 0.0);
    FILE *msg = out == stdout ? stderr : stdout;
    if (growth > fail_over) {
      fprintf(stderr, "jmon-report: total_fuel grew %+.2f%% (%" PRIu64 " -> %" PRIu64
              "), more than --fail-over %g%%\n", growth, b, nw, fail_over);
      rc = 1;
    } else {
      fprintf(msg, "jmon-report: total_fuel changed %+.2f%% (%" PRIu64 " -> %" PRIu64
              "), within --fail-over %g%%\n", growth, b, nw, fail_over);
    }
  }
  jmon_profile_free(&prof[0]);
  jmon_profile_free(&prof[1]);
  return out ? close_out(out, out_path, rc) : rc;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "merge")) return cmd_merge(argc, argv);
  if (argc > 1 && !strcmp(argv[1], "diff")) return cmd_diff(argc, argv);
  const char *profile_path = NULL, *trace = NULL, *format = NULL, *out_path = NULL;
  const char *decode_path = NULL, *map_path = NULL, *js_path = NULL;
  uint64_t max_fuel = 0;
  bool check_fuel = false, format_given = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool has_value = i + 1 < argc;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("jmon-report %s\n", JMON_VERSION);
      return 0;
    } else if (!strcmp(a, "--trace") || !strcmp(a, "--format") || !strcmp(a, "-o") ||
               !strcmp(a, "--decode") || !strcmp(a, "--max-fuel") || !strcmp(a, "--source-map") ||
               !strcmp(a, "--js-source")) {
      if (!has_value) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s needs a value", a);
        return usage(msg);
      }
      const char *v = argv[++i];
      if (!strcmp(a, "--trace")) trace = v;
      else if (!strcmp(a, "--format")) format = v, format_given = true;
      else if (!strcmp(a, "-o")) out_path = v;
      else if (!strcmp(a, "--decode")) decode_path = v;
      else if (!strcmp(a, "--source-map")) map_path = v;
      else if (!strcmp(a, "--js-source")) js_path = v;
      else if (parse_u64(v, &max_fuel) != 0) return usage("--max-fuel needs a non-negative integer");
      else check_fuel = true;
    } else if (a[0] == '-' && a[1]) {
      char msg[300];
      snprintf(msg, sizeof msg, "unknown option %.200s", a);
      return usage(msg);
    } else if (!profile_path) {
      profile_path = a;
    } else {
      return usage("more than one PROFILE");
    }
  }
  if (!format) format = "text";
  static const char *formats[] = {"text", "folded", "speedscope", "pprof", "chrome", "svg"};
  bool known = false;
  for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) known |= !strcmp(format, formats[i]);
  if (!known) return usage("unknown --format (text, folded, speedscope, pprof, chrome, svg)");
  bool chrome = !strcmp(format, "chrome");
  if (decode_path && (profile_path || trace || check_fuel))
    return usage("--decode takes only a TRACE (and -o)");
  if (!decode_path && !profile_path && !(chrome && trace)) return usage("no PROFILE given");
  if (chrome && !trace) return usage("--format chrome needs --trace TRACE");

  FILE *out = stdout;
  if (out_path && !(out = fopen(out_path, "wb"))) {
    fprintf(stderr, "jmon-report: error: %s: cannot create: %s\n", out_path, strerror(errno));
    return 1;
  }
  int rc = 0;
  char err[512] = "";
  jmon_profile_t prof;
  jmon_samples_t samples;
  bool have_prof = false, have_samples = false;
  if (decode_path) {
    rc = decode(decode_path, out);
    goto done;
  }
  if (profile_path) {
    if (jmon_profile_load(profile_path, &prof, err, sizeof err) != 0) {
      fprintf(stderr, "jmon-report: error: %s\n", err);
      rc = 1;
      goto done;
    }
    have_prof = true;
    if ((map_path || js_path) && jmon_source_map_apply(&prof, map_path, js_path, err, sizeof err) != 0) {
      fprintf(stderr, "jmon-report: error: %s\n", err);
      rc = 1;
      goto done;
    }
  }
  /* --max-fuel alone is a budget check: no report unless a --format was asked for. */
  bool want_output = !check_fuel || format_given || out_path;
  int frc = 0;
  if (want_output) {
    if (!strcmp(format, "text")) {
      frc = jmon_format_text(out, &prof, err, sizeof err);
    } else if (chrome) {
      frc = jmon_format_chrome(out, trace, have_prof ? &prof : NULL, err, sizeof err);
    } else {
      if (jmon_samples_build(&prof, &samples) != 0) {
        snprintf(err, sizeof err, "out of memory");
        frc = -1;
      } else {
        have_samples = true;
        if (!strcmp(format, "folded")) frc = jmon_format_folded(out, &samples, err, sizeof err);
        else if (!strcmp(format, "speedscope"))
          frc = jmon_format_speedscope(out, &prof, &samples, err, sizeof err);
        else if (!strcmp(format, "pprof")) frc = jmon_format_pprof(out, &samples, err, sizeof err);
        else frc = jmon_format_svg(out, &prof, &samples, err, sizeof err);
      }
    }
    if (frc != 0) {
      fprintf(stderr, "jmon-report: error: %s\n", err);
      rc = 1;
      goto done;
    }
  }
  if (check_fuel && have_prof) {
    double pct = max_fuel ? 100.0 * (double)prof.total_fuel / (double)max_fuel : 0.0;
    if (prof.total_fuel > max_fuel) {
      fprintf(stderr, "jmon-report: total_fuel %" PRIu64 " is over --max-fuel %" PRIu64
              " (%.1f%%)\n", prof.total_fuel, max_fuel, pct);
      rc = 1;
    } else if (!want_output || out != stdout) {
      printf("jmon-report: total_fuel %" PRIu64 " is within --max-fuel %" PRIu64 " (%.1f%%)\n",
             prof.total_fuel, max_fuel, pct);
    }
  }
done:
  if (have_samples) jmon_samples_free(&samples);
  if (have_prof) {
    jmon_source_map_apply_free(&prof);
    jmon_profile_free(&prof);
  }
  if (out != stdout) {
    if (fclose(out) != 0 && rc == 0) {
      fprintf(stderr, "jmon-report: error: %s: write failed\n", out_path);
      rc = 1;
    }
  } else if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "jmon-report: error: write to stdout failed\n");
    if (rc == 0) rc = 1;
  }
  return rc;
}
