"""Say in one line whether the test database server answers (`make test`)."""

import sys

import psycopg

from tests.settings import DATABASES

database = DATABASES["default"]
try:
    psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
    ).close()
except psycopg.OperationalError as error:
    first_line = str(error).strip().splitlines()[0]
    sys.exit(
        f"PostgreSQL is not reachable at {database['HOST']}:{database['PORT']} "
        f"({first_line}); start it or set DATABASE_URL."
    )
