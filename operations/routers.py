"""The read replica: dashboards and exports read from it, everything else uses the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database. Reads go there only inside
``reading_from_replica()`` (which ``ReplicaReadsMiddleware`` opens for the views of ``TPBIS_REPLICA_VIEWS``), and
never inside a transaction on the primary, whose own rows the replica may not have yet; writes always go to the
primary, and migrations run on the primary only (the replica follows it by streaming replication).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading = ContextVar("tpbis_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def start_reading_from_replica():
    return _reading.set(True)


def stop_reading_from_replica(token) -> None:
    _reading.reset(token)


@contextmanager
def reading_from_replica():
    """ORM reads in this block go to the replica (when there is one)."""
    token = start_reading_from_replica()
    try:
        yield
    finally:
        stop_reading_from_replica(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
