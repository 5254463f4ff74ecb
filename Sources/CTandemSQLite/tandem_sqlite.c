/* Declarations only (see include/tandem_sqlite.h); the definitions come from sqlite-nio. */
#include "tandem_sqlite.h"
