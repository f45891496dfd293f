/* An LD_PRELOAD shim for bench/plans.sh: on the first step of every read-only statement echo runs,
 * writes the statement's SQL and its EXPLAIN QUERY PLAN (with the statement's own bindings, on the
 * same connection, so temp tables and parameters are the ones echo uses) to the file named by
 * ECHO_EQP_LOG. Nothing else changes: the statement then steps as it would.
 *
 *   cc -shared -fPIC -O2 -o eqp.so bench/eqp.c -ldl -lsqlite3
 *   ECHO_EQP_LOG=plans.txt LD_PRELOAD=./eqp.so echo report summary --json
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*step_fn)(sqlite3_stmt*);

static void log_plan(step_fn real_step, sqlite3_stmt* stmt) {
  const char* path = getenv("ECHO_EQP_LOG");
  const char* sql = sqlite3_sql(stmt);
  if (path == NULL || sql == NULL) return;
  FILE* out = fopen(path, "a");
  if (out == NULL) return;
  char* expanded = sqlite3_expanded_sql(stmt);
  fprintf(out, "=== SQL\n%s\n=== PLAN\n", expanded ? expanded : sql);
  sqlite3_free(expanded);
  char* eqp_sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
  sqlite3_stmt* eqp = NULL;
  if (sqlite3_prepare_v2(sqlite3_db_handle(stmt), eqp_sql, -1, &eqp, NULL) == SQLITE_OK) {
    /* The statement's bindings, lent to the plan and given back. */
    const int lent = sqlite3_bind_parameter_count(stmt) == sqlite3_bind_parameter_count(eqp) &&
                     sqlite3_transfer_bindings(stmt, eqp) == SQLITE_OK;
    int ids[512], depth[512], n = 0;
    while (real_step(eqp) == SQLITE_ROW) {
      const int id = sqlite3_column_int(eqp, 0), parent = sqlite3_column_int(eqp, 1);
      int d = 0;
      for (int i = 0; i < n; ++i)
        if (ids[i] == parent) d = depth[i] + 1;
      if (n < 512) {
        ids[n] = id;
        depth[n] = d;
        ++n;
      }
      fprintf(out, "%*s%s\n", 2 * d, "", (const char*)sqlite3_column_text(eqp, 3));
    }
    sqlite3_reset(eqp);
    if (lent) sqlite3_transfer_bindings(eqp, stmt);
  } else {
    fprintf(out, "(no plan: %s)\n", sqlite3_errmsg(sqlite3_db_handle(stmt)));
  }
  sqlite3_finalize(eqp);
  sqlite3_free(eqp_sql);
  fclose(out);
}

int sqlite3_step(sqlite3_stmt* stmt) {
  static step_fn real_step = NULL;
  if (real_step == NULL) real_step = (step_fn)dlsym(RTLD_NEXT, "sqlite3_step");
  if (!sqlite3_stmt_busy(stmt) && sqlite3_stmt_readonly(stmt) && !sqlite3_stmt_isexplain(stmt))
    log_plan(real_step, stmt);
  return real_step(stmt);
}
