/* Most declarations in include/tandem_sqlite.h are sqlite-nio's own symbols; this file adds the
 * one extension entry point Tandem registers. */
#include "tandem_sqlite.h"
#include <stdint.h>

typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;

int sqlite_nio_sqlite3_auto_extension(void (*xEntryPoint)(void));
int sqlite_nio_sqlite3_create_function_v2(sqlite3 *db, const char *zFunctionName, int nArg, int eTextRep, void *pApp,
                                          void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
                                          void (*xStep)(sqlite3_context *, int, sqlite3_value **),
                                          void (*xFinal)(sqlite3_context *), void (*xDestroy)(void *));
sqlite3 *sqlite_nio_sqlite3_context_db_handle(sqlite3_context *);
void sqlite_nio_sqlite3_result_int64(sqlite3_context *, sqlite3_int64);

#define TANDEM_SQLITE_UTF8 1
#define TANDEM_SQLITE_DIRECTONLY 0x000080000

static void tandem_connection(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    sqlite_nio_sqlite3_result_int64(context, (sqlite3_int64)(intptr_t)sqlite_nio_sqlite3_context_db_handle(context));
}

/* The signature SQLite calls automatic extensions with: (db, error message, API thunk). */
static int tandem_extension_init(sqlite3 *db, char **error, const void *api) {
    (void)error;
    (void)api;
    /* DIRECTONLY: usable in top-level statements only, never from a view or trigger. */
    return sqlite_nio_sqlite3_create_function_v2(db, "tandem_connection", 0, TANDEM_SQLITE_UTF8 | TANDEM_SQLITE_DIRECTONLY,
                                                 0, tandem_connection, 0, 0, 0);
}

int tandem_sqlite_register_connection_function(void) {
    /* SQLite ignores an entry point that is already registered. */
    return sqlite_nio_sqlite3_auto_extension((void (*)(void))tandem_extension_init);
}
