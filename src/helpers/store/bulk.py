"""Bulk inserts on PostgreSQL: rows copied into a staging table, then added to their table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from psycopg import sql
from sqlalchemy import Column, Connection, Table

STAGE_PREFIX = "coachkit_stage_"
"""Start of the name of a table's staging table (a temporary table, one per transaction)."""


def _reader(column: Column[Any], given: set[str]) -> Callable[[dict[str, Any]], Any]:
    """How to read ``column``'s value from a row: the row's own, else its scalar default."""
    name = column.name
    if name in given:
        return itemgetter(name)
    default = column.default
    if default is None or not default.is_scalar:
        raise ValueError(f"{column.table.name}.{name}: left out, with no default to copy")
    value = default.arg  # type: ignore[attr-defined]
    return lambda _row: value


def copy_ignoring_existing(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Add ``rows`` to ``table`` through ``COPY``, skipping any whose key is stored; count added.

    The rows are copied into a temporary staging table of the same shape (created once per
    transaction and dropped when it ends), then added with ``INSERT ... SELECT ... ON CONFLICT
    DO NOTHING``, in the caller's transaction: a later failure takes them back out. Values go
    through the columns' own conversions (JSON, time zones) and a column the rows leave out
    gets its default, as with an ordinary insert.

    Parameters
    ----------
    conn : Connection
        A connection to PostgreSQL (psycopg 3) inside a transaction.
    table : Table
        The table the rows go to.
    rows : sequence of dict
        Column name to value; every row has the same keys.

    Returns
    -------
    int
        How many rows were added.

    Raises
    ------
    ValueError
        If the rows leave out a column that has no default, or one computed in Python.
    """
    if not rows:
        return 0
    given = set(rows[0])
    columns = [c for c in table.columns if c.name in given or c.default is not None]
    dialect = conn.dialect
    steps = [
        (_reader(c, given), c.type.dialect_impl(dialect).bind_processor(dialect)) for c in columns
    ]
    stage = sql.Identifier(STAGE_PREFIX + table.name)
    target = sql.Identifier(table.name)
    names = sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(
            sql.SQL(
                "CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP"
            ).format(stage, target)
        )
        with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
            if all(c.name in given for c in columns) and not any(f for _, f in steps):
                pick = itemgetter(*(c.name for c in columns))
                one = len(columns) == 1
                for row in rows:
                    copy.write_row((pick(row),) if one else pick(row))
            else:
                for row in rows:
                    copy.write_row([read(row) if f is None else f(read(row)) for read, f in steps])
        cur.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT DO NOTHING").format(
                target, names, names, stage
            )
        )
        added = cur.rowcount
        cur.execute(sql.SQL("TRUNCATE {}").format(stage))
    return added
