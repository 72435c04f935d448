/* warnings.c: the in-memory list of warnings the profile writer puts in `warnings`. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "jmon_rt.h"

#define MAX_WARNINGS 256  /* a runaway warner must not eat memory: later ones are dropped */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static char *g_warnings[MAX_WARNINGS];
static int g_count;

void jmon_warn(const char *fmt, ...) {
  va_list ap;
  char *text = NULL;
  va_start(ap, fmt);
  int n = vasprintf(&text, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  pthread_mutex_lock(&g_lock);
  if (g_count < MAX_WARNINGS) {
    g_warnings[g_count++] = text;
    text = NULL;
  }
  pthread_mutex_unlock(&g_lock);
  free(text);
}

int jmon_warning_count(void) {
  pthread_mutex_lock(&g_lock);
  int n = g_count;
  pthread_mutex_unlock(&g_lock);
  return n;
}

const char *jmon_warning(int i) {
  const char *w = NULL;
  pthread_mutex_lock(&g_lock);
  if (i >= 0 && i < g_count) w = g_warnings[i];
  pthread_mutex_unlock(&g_lock);
  return w;
}
