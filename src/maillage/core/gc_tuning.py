"""The garbage collector and the long-lived indexes of a server process.

A process keeps large read-only structures (the providers' index of its départements: some
200,000 objects). CPython's cyclic collector walks every tracked object at each full
collection: under load that was about 1 ms of every public search on average, in pauses of
over 100 ms that land on one unlucky visitor. Once such a structure is built, it is moved out
of the collector's generations (`gc.freeze`); the objects are still freed by reference counting
when the structure is replaced. Before freezing again, the previous frozen set is given back
and collected, so a cycle left by an old index is not kept for the life of the process.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

logger = logging.getLogger(__name__)
_LOCK = threading.Lock()


def freeze_long_lived() -> None:
    """Collect once, then exempt every object alive now from later collections."""
    started = time.perf_counter()
    with _LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    logger.info(
        "gc_freeze frozen=%s took=%.3fs", gc.get_freeze_count(), time.perf_counter() - started
    )
