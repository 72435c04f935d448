/* trace_writer.h: the zstd call trace of app_mon (JMON_TRACE), format in docs/trace-format.md. */
#ifndef JMON_TRACE_WRITER_H
#define JMON_TRACE_WRITER_H

#include <stdbool.h>
#include <stdint.h>

/** Format constants shared with the reader (report/trace_reader.c). Values are the format. */
#define JMON_TRACE_MAGIC "JMTRACE"       /**< 7 bytes + version byte start the first frame */
#define JMON_TRACE_VERSION 1
#define JMON_TRACE_TAG_BITS 3            /**< an event head is varint (fuel_delta << 3 | tag) */
enum {
  JMON_TRACE_JS_ENTER = 0,   /**< + varint js_func_id */
  JMON_TRACE_JS_RESUME = 1,  /**< + varint js_func_id */
  JMON_TRACE_JS_EXIT = 2,
  JMON_TRACE_WASM_ENTER = 3, /**< + varint func_index */
  JMON_TRACE_WASM_EXIT = 4,
  JMON_TRACE_NAME = 5,       /**< + varint js_func_id, varint len, len bytes (UTF-8) */
  JMON_TRACE_END = 6,        /**< written by jmon_trace_close: the trace is complete */
  JMON_TRACE_FUEL_SET = 7    /**< + varint absolute fuel (fuel went backwards); delta is 0 */
};

/** True while a trace is open: the probes test it before calling jmon_trace_js_*. */
extern bool jmon_trace_on;
/** True while a trace with wasm function events is open (JMON_TRACE_WASM=1). */
extern bool jmon_trace_wasm_on;

/**
 * Create the trace file `path` (truncating it) and write the header. `wasm_events` enables
 * jmon_trace_wasm_*; `module_name` (may be NULL) goes into the header. Registers nothing
 * with atexit: the caller calls jmon_trace_close(). @return 0, or -1 (could not create the
 * file or allocate the zstd context; errno set when the cause was a system call) — the
 * caller warns and continues without a trace. Opening twice closes the first trace.
 */
int jmon_trace_open(const char *path, bool wasm_events, const char *module_name);

/** A JS frame opens (a fresh call) / re-enters (generator or async resume) at `fuel`. */
void jmon_trace_js_enter(uint32_t js_func_id, uint64_t fuel);
void jmon_trace_js_resume(uint32_t js_func_id, uint64_t fuel);
/** The innermost open JS frame closes at `fuel`. */
void jmon_trace_js_exit(uint64_t fuel);
/** A wasm function body is entered / left (only recorded when wasm_events was set). */
void jmon_trace_wasm_enter(uint32_t func_index, uint64_t fuel);
void jmon_trace_wasm_exit(uint64_t fuel);
/** Records the name of a JS function id (call once per id; the string is copied, at most
 *  4095 bytes are kept). */
void jmon_trace_name(uint32_t js_func_id, const char *name);

/**
 * Write the END event, compress and write what is buffered, close the file, free all.
 * Safe to call twice and from the trap/signal exit path; when it interrupts a chunk
 * compression it only closes the file (the trace then decodes up to its last frame).
 */
void jmon_trace_close(void);

#endif
