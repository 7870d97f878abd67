"""Bulk inserts: many rows added at once, skipping those whose key is stored.

On PostgreSQL the rows are copied into a staging table, then added to their table; on SQLite
they go to the driver's ``executemany`` as tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from psycopg import sql
from sqlalchemy import Connection, Date, Table
from sqlalchemy.dialects import sqlite

STAGE_PREFIX = "coachkit_stage_"
"""Start of the name of a table's staging table (a temporary table, one per transaction)."""

Rows = Sequence[dict[str, Any]] | pd.DataFrame
"""Rows to add: dicts of column name to value (every one with the same keys), or a frame."""


def _values(conn: Connection, table: Table, rows: Rows) -> tuple[list[str], list[list[Any]]]:
    """The columns written and their values, one list per column, as the driver takes them:
    a column the rows leave out gets its default, and every value goes through its column's
    own conversion (JSON, dates on SQLite, time zones), as in an ordinary insert."""
    given = list(rows.columns) if isinstance(rows, pd.DataFrame) else list(rows[0])
    names, values = [], []
    dialect = conn.dialect
    for column in table.columns:
        name = column.name
        if name in given:
            if isinstance(rows, pd.DataFrame):
                col = rows[name].tolist()
            else:
                col = [row[name] for row in rows]
        elif column.default is None:
            continue
        elif column.default.is_scalar:
            col = [column.default.arg] * len(rows)  # type: ignore[attr-defined]
        else:
            raise ValueError(f"{table.name}.{name}: left out, and its default is computed")
        convert = column.type.dialect_impl(dialect).bind_processor(dialect)
        names.append(name)
        if convert is None:
            values.append(col)
        elif isinstance(column.type, Date):  # few distinct days: each converted once
            once = {day: convert(day) for day in set(col)}
            values.append(list(map(once.__getitem__, col)))
        else:
            values.append(list(map(convert, col)))
    return names, values


def copy_ignoring_existing(conn: Connection, table: Table, rows: Rows) -> int:
    """Add ``rows`` to ``table`` through ``COPY``, skipping any whose key is stored; count added.

    The rows are copied into a temporary staging table of the same shape (created once per
    transaction and dropped when it ends), then added with ``INSERT ... SELECT ... ON CONFLICT
    DO NOTHING``, in the caller's transaction: a later failure takes them back out.

    Parameters
    ----------
    conn : Connection
        A connection to PostgreSQL (psycopg 3) inside a transaction.
    table : Table
        The table the rows go to.
    rows : sequence of dict, or DataFrame
        Column name to value. A column left out gets its default.

    Returns
    -------
    int
        How many rows were added.

    Raises
    ------
    ValueError
        If the rows leave out a column whose default is computed in Python.
    """
    if not len(rows):
        return 0
    columns, values = _values(conn, table, rows)
    stage = sql.Identifier(STAGE_PREFIX + table.name)
    target = sql.Identifier(table.name)
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(
            sql.SQL(
                "CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP"
            ).format(stage, target)
        )
        with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)
        cur.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT DO NOTHING").format(
                target, names, names, stage
            )
        )
        added = cur.rowcount
        cur.execute(sql.SQL("TRUNCATE {}").format(stage))
    return added


def executemany_ignoring_existing(conn: Connection, table: Table, rows: Rows) -> int:
    """Add ``rows`` to a SQLite ``table`` with one ``executemany`` of tuples, skipping any
    whose key is stored (``ON CONFLICT DO NOTHING``); count added.

    Parameters
    ----------
    conn : Connection
        A connection to SQLite inside a transaction.
    table : Table
        The table the rows go to.
    rows : sequence of dict, or DataFrame
        Column name to value. A column left out gets its default.

    Returns
    -------
    int
        How many rows were added.
    """
    if not len(rows):
        return 0
    columns, values = _values(conn, table, rows)
    stmt = sqlite.insert(table).on_conflict_do_nothing()
    compiled = stmt.compile(dialect=conn.dialect, column_keys=columns)
    assert list(compiled.positiontup or ()) == columns
    raw = conn.connection.driver_connection
    assert raw is not None
    cur = raw.cursor()
    try:
        cur.executemany(str(compiled), zip(*values, strict=True))
        return cur.rowcount
    finally:
        cur.close()
