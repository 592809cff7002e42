"""Fixed-window event counters in the database, one statement per event.

The public search counts each anonymous search of a client address. Through Django's
database cache that was a read, a count of the whole cache table and a write in a transaction
(six queries, about a tenth of a search's time); here it is one `INSERT … ON CONFLICT DO
UPDATE … RETURNING` (PostgreSQL, SQLite ≥ 3.35), atomic on both: two processes counting at
the same instant get two different counts, so a limit is never exceeded by a race.
"""

from __future__ import annotations

import logging
import time

from django.db import connection, transaction

from maillage.accounts.models import RateCounter

logger = logging.getLogger(__name__)


def rate_counter_hit(*, key: str, window_seconds: int, now: float | None = None) -> int:
    """Counts one event of `key` in the current window; returns the count so far (≥ 1)."""
    now = time.time() if now is None else now
    window_end = (int(now) // window_seconds + 1) * window_seconds
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    hits = connection.ops.quote_name("hits")
    sql = (
        f"INSERT INTO {table} (key, window_end, {hits}) VALUES (%s, %s, 1) "  # noqa: S608 - names from the model
        f"ON CONFLICT (key, window_end) DO UPDATE SET {hits} = {table}.{hits} + 1 "
        f"RETURNING {hits}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:120], window_end])
        (count,) = cursor.fetchone()
    return int(count)


def rate_counters_purge(*, now: float | None = None) -> int:
    """Deletes the counters of windows that have ended; returns how many."""
    now = time.time() if now is None else now
    with transaction.atomic():
        deleted, _ = RateCounter.objects.filter(window_end__lte=int(now)).delete()
    logger.info("rate_counters_purge deleted=%s", deleted)
    return deleted
