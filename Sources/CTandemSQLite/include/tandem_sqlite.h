#ifndef TANDEM_SQLITE_H
#define TANDEM_SQLITE_H

/*
 * The few SQLite C functions Tandem's bulk contact import calls directly.
 *
 * They are not a second SQLite: these are the symbols of the SQLite that sqlite-nio vendors and
 * links into every Tandem binary (prefixed `sqlite_nio_`), declared here with their exact
 * signatures because sqlite-nio does not export its C module. Using the same library copy as
 * Fluent matters: two SQLite copies in one process would not see each other's file locks.
 */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long sqlite3_int64;

int sqlite_nio_sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *, int);
int sqlite_nio_sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *));
int sqlite_nio_sqlite3_step(sqlite3_stmt *);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *);
int sqlite_nio_sqlite3_changes(sqlite3 *);
sqlite3_int64 sqlite_nio_sqlite3_column_int64(sqlite3_stmt *, int iCol);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *, int iCol);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *, int iCol);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *, int iCol);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *);
int sqlite_nio_sqlite3_get_autocommit(sqlite3 *);
int sqlite_nio_sqlite3_busy_timeout(sqlite3 *, int ms);

/*
 * Registers, for every SQLite connection opened afterwards in this process, the SQL function
 * `tandem_connection()`: it returns the connection's own `sqlite3 *` as an integer, so a caller
 * holding a Fluent connection can reach the handle through SQLite's supported extension API
 * (sqlite3_auto_extension + sqlite3_context_db_handle) instead of the driver's private layout.
 * Idempotent; call before the first connection opens.
 */
int tandem_sqlite_register_connection_function(void);

/* Result codes and column types used by the caller. */
#define TANDEM_SQLITE_OK 0
#define TANDEM_SQLITE_ROW 100
#define TANDEM_SQLITE_DONE 101
#define TANDEM_SQLITE_NULL 5

#endif
