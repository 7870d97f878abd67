"""What each person's pages remember between sessions: small JSON values by person and key.

A value is kept under ``(person_id, key)``, e.g. a person's language (``locale``),
the module they were last in (``module``) or a half-played dialogue
(``draft/<scenario id>``). Writing a key replaces its value in one statement, so
two sessions of the same person writing at once never fail and never leave a
mix of both: the last write wins. The person id ``""`` holds what belongs to the
machine rather than to a person (the learner last chosen on it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from helpers.store.engine import StoreBase, _insert_ignoring_existing
from helpers.store.tables import PersonStateRow

PERSON_MAX = 64
"""The longest person id kept (a learner id)."""
KEY_MAX = 200
"""The longest key kept."""


def check_person(person_id: str) -> str:
    """``person_id`` if it can key state: at most :data:`PERSON_MAX` printable characters.

    The empty id is the machine's own state.

    Raises
    ------
    ValueError
        If it is not a string, too long or holds a character that cannot be printed.
    """
    if not isinstance(person_id, str) or len(person_id) > PERSON_MAX:
        raise ValueError(f"a person id is at most {PERSON_MAX} characters, got {person_id!r}")
    if not person_id.isprintable():
        raise ValueError(f"a person id must be printable text, got {person_id!r}")
    return person_id


def check_key(key: str) -> str:
    """``key`` if it can name a value: 1 to :data:`KEY_MAX` printable characters.

    Raises
    ------
    ValueError
        If it is not a string, empty, too long or holds a character that cannot be printed.
    """
    if not isinstance(key, str) or not 0 < len(key) <= KEY_MAX or not key.isprintable():
        raise ValueError(f"a state key is 1 to {KEY_MAX} printable characters, got {key!r}")
    return key


def check_value(value: Any) -> Any:
    """``value`` if it can be stored as JSON (no NaN or infinity, string keys only).

    Raises
    ------
    ValueError
        If JSON cannot hold it.
    """
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a state value must be JSON: {exc}") from None
    return value


def _row(person_id: str, key: str, value: Any, now: datetime) -> dict[str, Any]:
    return {
        "person_id": check_person(person_id),
        "key": check_key(key),
        "value": check_value(value),
        "updated_at": now,
    }


class StateStore(StoreBase):
    """Per-person values by key (mixed into :class:`helpers.store.Store`)."""

    def get_state(self, person_id: str, key: str, default: Any = None) -> Any:
        """The value kept for ``person_id`` under ``key``, or ``default`` if there is none."""
        query = select(PersonStateRow.value).where(
            PersonStateRow.person_id == check_person(person_id),
            PersonStateRow.key == check_key(key),
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return default if row is None else row[0]

    def put_state(self, person_id: str, key: str, value: Any) -> None:
        """Keep ``value`` (anything JSON holds) for ``person_id`` under ``key``, replacing any.

        Raises
        ------
        ValueError
            If the person id or key is too long or not printable, or JSON cannot hold the value.
        """
        row = _row(person_id, key, value, datetime.now(UTC))
        with self.transaction() as conn:
            _upsert(conn, [row])

    def delete_state(self, person_id: str, key: str) -> None:
        """Forget the value kept for ``person_id`` under ``key`` (none kept: nothing happens)."""
        query = delete(PersonStateRow).where(
            PersonStateRow.person_id == check_person(person_id),
            PersonStateRow.key == check_key(key),
        )
        with self.transaction() as conn:
            conn.execute(query)

    def state_items(self, person_id: str, prefix: str = "") -> dict[str, Any]:
        """Every value kept for ``person_id`` whose key starts with ``prefix``, by key, sorted.

        The prefix is matched exactly (case and every character count).
        """
        query = (
            select(PersonStateRow.key, PersonStateRow.value)
            .where(PersonStateRow.person_id == check_person(person_id))
            .order_by(PersonStateRow.key)
        )
        if prefix:
            query = query.where(func.substr(PersonStateRow.key, 1, len(prefix)) == prefix)
        with self.engine.connect() as conn:
            return {k: v for k, v in conn.execute(query) if k.startswith(prefix)}

    def add_missing_state(self, items: Iterable[tuple[str, str, Any]]) -> int:
        """Keep each ``(person_id, key, value)`` whose key the person has no value for yet.

        All are written in one transaction; values already kept win.

        Returns
        -------
        int
            How many were added.

        Raises
        ------
        ValueError
            As :meth:`put_state`, for any of them (then none is written).
        """
        now = datetime.now(UTC)
        rows = [_row(p, k, v, now) for p, k, v in items]
        with self.transaction() as conn:
            return _insert_ignoring_existing(conn, PersonStateRow.__table__, rows)


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    stmt = dialect.insert(PersonStateRow.__table__)
    stmt = stmt.on_conflict_do_update(
        index_elements=["person_id", "key"],
        set_={"value": stmt.excluded["value"], "updated_at": stmt.excluded["updated_at"]},
    )
    conn.execute(stmt, rows)
