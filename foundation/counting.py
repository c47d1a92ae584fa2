"""Row counts of the lists, kept for a while: counting 1.8 million activities takes a tenth of a second.

A list's count is cached under its query (SQL and parameters) and the versions of the tables that
query reads. Saving or deleting a row through the ORM moves its table's version (at once and again
when the transaction commits), so a cached count is never older than the last change made through
the portal or the API; writes that send no signals (imports, the data generator) move the versions
themselves (``tables_changed``), and anything else shows within ``TPBIS_COUNT_CACHE_SECONDS``.
Counts read inside a transaction are never cached: it may see its own uncommitted rows.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils.functional import cached_property

PREFIX = "rows"


def _version_key(table: str) -> str:
    return f"{PREFIX}:v:{table}"


def _bump(tables: list[str]) -> None:
    cache.set_many({_version_key(table): uuid.uuid4().hex for table in tables}, None)


#: Sent by ``tables_changed`` (``models``: the models named) so that other caches built on those rows
#: (the dashboards') are dropped too.
bulk_changed = Signal()


def _tables_bumped(targets) -> None:
    tables = [t if isinstance(t, str) else t._meta.db_table for t in targets]
    _bump(tables)
    transaction.on_commit(lambda: _bump(tables))


def tables_changed(*targets) -> None:
    """Rows of these models (or tables) changed without signals: counts over them are counted again."""
    _tables_bumped(targets)
    bulk_changed.send(sender=None, models=[t for t in targets if not isinstance(t, str)])


def _changed(sender, **kwargs):
    _tables_bumped([sender])  # for m2m_changed the sender is the through model


post_save.connect(_changed, dispatch_uid="counting-save")
post_delete.connect(_changed, dispatch_uid="counting-delete")
m2m_changed.connect(_changed, dispatch_uid="counting-m2m")


def cached_count(queryset: models.QuerySet) -> int:
    seconds = settings.TPBIS_COUNT_CACHE_SECONDS
    if seconds <= 0 or connections[queryset.db].in_atomic_block:
        return queryset.count()
    query = queryset.query
    tables = sorted({join.table_name for join in query.alias_map.values()} | {queryset.model._meta.db_table})
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # ``none()``, or a filter no row can match (a filter form with an error): nothing to count
        return 0
    found = cache.get_many([_version_key(table) for table in tables])
    versions = ",".join(found.get(_version_key(table), "-") for table in tables)
    key = f"{PREFIX}:count:" + hashlib.sha1(f"{queryset.db}|{sql}|{params!r}|{versions}".encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, seconds)
    return count


#: The most rows a list shows on one page (``?per_page=``), as the API's ``page_size``.
MAX_PER_PAGE = 500


class CachedCountPaginator(Paginator):
    """A paginator (also for django-tables2's table data) whose count comes from ``cached_count``.

    A page size asked for in the address (django-tables2's ``?per_page=``) is kept between 1 and
    ``MAX_PER_PAGE``: zero or a negative size cannot paginate, and a huge one would load a whole table.
    """

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(1, int(per_page)), MAX_PER_PAGE), *args, **kwargs)

    @cached_property
    def count(self) -> int:
        # django-tables2 hands over its rows, whose data wraps the queryset.
        wrappers, data = [], self.object_list
        while not isinstance(data, models.QuerySet) and hasattr(data, "data") and len(wrappers) < 3:
            wrappers.append(data)
            data = data.data
        if not isinstance(data, models.QuerySet):
            return super().count
        count = cached_count(data)
        for wrapper in wrappers:
            if hasattr(wrapper, "_length"):
                wrapper._length = count  # the table's own len() asks no second time
        return count
