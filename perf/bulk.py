"""Bulk writing for the synthetic data: rows straight into PostgreSQL with COPY, ids counted in advance."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, models
from django.utils import timezone


def default_value(f: models.Field, now):
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    if isinstance(f, models.DateTimeField):
        return now
    return ""


def insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert rows (tuples of the attnames ``names``; other columns get their defaults).

    PostgreSQL: COPY. Elsewhere: ``bulk_create`` in batches. ``names`` may include ``id`` to choose keys.
    """
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in names]
    positions = [names.index(f.attname) if f.attname in names else None for f in fields]
    defaults = [None if p is not None else default_value(f, now) for f, p in zip(fields, positions, strict=True)]
    picks = [(i, p) for i, p in enumerate(positions) if p is not None]

    def full(row):
        values = list(defaults)
        for i, p in picks:
            values[i] = row[p]
        return values

    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        # JSON columns go as their text (psycopg would write a list as a PostgreSQL array).
        json_columns = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = full(row)
                for i in json_columns:
                    values[i] = json.dumps(values[i])
                copy.write_row(values)
                count += 1
        return count
    attnames = [f.attname for f in fields]
    for batch in batched(rows, 5000):
        model.objects.bulk_create([model(**dict(zip(attnames, full(row), strict=True))) for row in batch])
        count += len(batch)
    return count


def batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    """After rows with chosen ids: the next id the database hands out follows them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))", [table]
        )
