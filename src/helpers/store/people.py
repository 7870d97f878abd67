"""People and their roles: learner and manager of a team, trainer, admin.

A person's roles come from several sources: ``reps`` (the reps file, through
``coachkit ingest reps``), ``admin`` (``coachkit people grant``) and ``hub``
(JupyterHub groups, see :func:`roles_from_groups`). Each source replaces only
its own roles of a person, so an ingest never undoes what an admin granted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from helpers.errors import UsageError
from helpers.store.engine import StoreBase
from helpers.store.roleplay import normalise_id
from helpers.store.tables import ROLES, PersonRoleRow, PersonRow

TEAM_ROLES = ("learner", "manager")
"""Roles that name a team; the others (trainer, admin) have team ``''``."""
SOURCES = ("reps", "admin", "hub")
"""Where a role can come from."""
GROUP_PREFIX = "coachkit-"
"""JupyterHub groups that give roles: ``coachkit-admin``, ``coachkit-trainer``,
``coachkit-manager:<team>``, ``coachkit-learner:<team>``."""

Role = tuple[str, str]
"""A role and its team (``''`` for trainer and admin)."""


@dataclass(frozen=True)
class PersonRoles:
    """One person as ``coachkit people list`` shows them: name and (role, team, source) rows."""

    person_id: str
    name: str
    roles: tuple[tuple[str, str, str], ...]


def person_key(person_id: str) -> str:
    """``person_id`` as the store keeps it (see :func:`helpers.store.roleplay.normalise_id`).

    Raises
    ------
    UsageError
        If the id is empty, too long or holds characters that cannot be printed.
    """
    value = normalise_id(str(person_id))
    if not value or len(value) > 64 or not value.isprintable():
        raise UsageError("op.people.bad_person", person=repr(person_id))
    return value


def check_role(person_id: str, role: str, team_id: str = "") -> Role:
    """Return ``(role, team)`` checked: a known role, a team for learners and managers only.

    Raises
    ------
    UsageError
        Naming the person and the role that cannot be given.
    """
    team = normalise_id(str(team_id or ""))
    if role not in ROLES:
        raise UsageError(
            "op.people.bad_role", person=person_id, role=repr(role), roles=", ".join(ROLES)
        )
    if role in TEAM_ROLES and not team:
        raise UsageError("op.people.needs_team", person=person_id, role=role)
    if role not in TEAM_ROLES and team:
        raise UsageError("op.people.no_team", person=person_id, role=role, team=repr(team))
    if len(team) > 64 or not team.isprintable():
        raise UsageError("op.people.bad_team", person=person_id, team=repr(team))
    return role, team


def roles_from_groups(groups: Iterable[str]) -> set[Role]:
    """The roles JupyterHub group names give; groups not of this form are ignored.

    ``coachkit-admin`` and ``coachkit-trainer`` give admin and trainer;
    ``coachkit-manager:<team>`` and ``coachkit-learner:<team>`` give manager or
    learner of that team.
    """
    roles: set[Role] = set()
    for group in groups:
        if not isinstance(group, str) or not group.startswith(GROUP_PREFIX):
            continue
        name, _, team = group.removeprefix(GROUP_PREFIX).partition(":")
        team = normalise_id(team)
        if name in TEAM_ROLES and team and len(team) <= 64 and team.isprintable():
            roles.add((name, team))
        elif name in ("admin", "trainer") and ":" not in group:
            roles.add((name, ""))
    return roles


_ROLES_LOCK = int.from_bytes(hashlib.sha256(b"coachkit person_roles").digest()[:8], "big") >> 1
"""Advisory lock key serialising writers of roles (short transactions, one lock however many
people they change)."""


def lock_roles(conn: Connection) -> None:
    """Serialise writers of roles (PostgreSQL; a SQLite transaction that writes holds the
    write lock anyway)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("select pg_advisory_xact_lock(%s)", (_ROLES_LOCK,))


def _insert(conn: Connection) -> type:
    return sqlite if conn.dialect.name == "sqlite" else postgresql  # type: ignore[return-value]


def ensure_person(conn: Connection, person_id: str, name: str = "") -> None:
    """Store the person if they are not stored yet (a stored name is kept unless ``name``)."""
    table = PersonRow.__table__
    stmt = (
        _insert(conn)
        .insert(table)
        .values(  # type: ignore[attr-defined]
            person_id=person_id, name=name, created_at=datetime.now(UTC)
        )
    )
    if name:
        stmt = stmt.on_conflict_do_update(index_elements=["person_id"], set_={"name": name})
    else:
        stmt = stmt.on_conflict_do_nothing()
    conn.execute(stmt)


def replace_roles(
    conn: Connection,
    roles: Mapping[str, Iterable[Role]],
    source: str,
    names: Mapping[str, str] | None = None,
) -> None:
    """:meth:`PeopleStore.set_roles` for each person of ``roles``, inside the caller's
    transaction, in a few statements however many people."""
    if source not in SOURCES:
        raise UsageError("op.people.bad_source", source=repr(source), sources=", ".join(SOURCES))
    names = names or {}
    wanted: dict[str, set[Role]] = {}
    for person_id, held in roles.items():
        person = person_key(person_id)
        wanted.setdefault(person, set()).update(check_role(person, r, t) for r, t in held)
    if not wanted:
        return
    lock_roles(conn)
    now = datetime.now(UTC)
    people, table = PersonRow.__table__, PersonRoleRow.__table__
    dialect = _insert(conn)
    named = [{"person_id": p, "name": names[p], "created_at": now} for p in wanted if names.get(p)]
    if named:
        stmt = dialect.insert(people)  # type: ignore[attr-defined]
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["person_id"], set_={"name": stmt.excluded.name}
            ),
            named,
        )
    unnamed = [{"person_id": p, "name": "", "created_at": now} for p in wanted if not names.get(p)]
    if unnamed:
        conn.execute(dialect.insert(people).on_conflict_do_nothing(), unnamed)  # type: ignore[attr-defined]
    ids = sorted(wanted)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        conn.execute(
            table.delete().where(table.c.person_id.in_(chunk) & (table.c.source == source))
        )
    rows = [
        {"person_id": p, "role": r, "team_id": t, "source": source, "updated_at": now}
        for p in ids
        for r, t in sorted(wanted[p])
    ]
    if rows:
        # a role another source already gives stays that source's
        conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)  # type: ignore[attr-defined]


class PeopleStore(StoreBase):
    """People and their roles (mixed into :class:`helpers.store.Store`)."""

    def set_roles(self, person_id: str, roles: Iterable[tuple[str, str]], source: str) -> None:
        """Replace the person's roles from ``source`` by ``roles``, in one transaction.

        The person is stored if they are not yet. Roles from other sources are
        kept; a role another source already gives is left to it.

        Parameters
        ----------
        person_id : str
            The person (a learner's id is their rep id).
        roles : iterable of (role, team_id)
            Learner and manager name a team; trainer and admin have team ``''``.
        source : str
            ``reps``, ``admin`` or ``hub`` (:data:`SOURCES`).

        Raises
        ------
        UsageError
            For an unknown role or source, a learner or manager without a team,
            a trainer or admin with one, or an unusable person id.
        """
        with self.transaction() as conn:
            replace_roles(conn, {person_id: list(roles)}, source)

    def set_roles_many(
        self,
        roles: Mapping[str, Iterable[tuple[str, str]]],
        source: str,
        conn: Connection | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        """:meth:`set_roles` for many people in one transaction (``conn``'s, if given)."""
        if conn is not None:
            replace_roles(conn, roles, source, names)
            return
        with self.transaction() as own:
            replace_roles(own, roles, source, names)

    def roles_of(self, person_id: str) -> set[tuple[str, str]]:
        """Every (role, team_id) of the person, whatever its source."""
        table = PersonRoleRow.__table__
        query = select(table.c.role, table.c.team_id).where(
            table.c.person_id == normalise_id(person_id)
        )
        with self.engine.connect() as conn:
            return {(r.role, r.team_id) for r in conn.execute(query)}

    def has_role(self, person_id: str, role: str) -> bool:
        """True if the person has ``role`` (in any team)."""
        return any(r == role for r, _ in self.roles_of(person_id))

    def managed_teams(self, person_id: str) -> list[str]:
        """The teams the person manages, sorted."""
        return sorted(t for r, t in self.roles_of(person_id) if r == "manager")

    def learner_ids(self) -> list[str]:
        """Every person with a learner role, sorted."""
        table = PersonRoleRow.__table__
        query = select(table.c.person_id).where(table.c.role == "learner").distinct()
        with self.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def role_rows(self, person_id: str) -> list[tuple[str, str, str]]:
        """The person's (role, team_id, source) rows, sorted."""
        table = PersonRoleRow.__table__
        query = select(table.c.role, table.c.team_id, table.c.source).where(
            table.c.person_id == normalise_id(person_id)
        )
        with self.engine.connect() as conn:
            return sorted((r.role, r.team_id, r.source) for r in conn.execute(query))

    def grant_role(self, person_id: str, role: str, team_id: str = "") -> bool:
        """Give the person ``role`` (source ``admin``); False if they already had it."""
        person = person_key(person_id)
        wanted = check_role(person, role, team_id)
        table = PersonRoleRow.__table__
        with self.transaction() as conn:
            lock_roles(conn)
            held = conn.execute(
                select(table.c.role, table.c.team_id, table.c.source).where(
                    table.c.person_id == person
                )
            ).all()
            if any((r.role, r.team_id) == wanted for r in held):
                return False
            mine = {(r.role, r.team_id) for r in held if r.source == "admin"}
            replace_roles(conn, {person: mine | {wanted}}, "admin")
            return True

    def revoke_role(self, person_id: str, role: str, team_id: str | None = None) -> int:
        """Take ``role`` from the person, whatever gave it (in ``team_id``, or in every team if
        None); return how many roles were taken."""
        person = person_key(person_id)
        if role not in ROLES:
            raise UsageError(
                "op.people.bad_role", person=person, role=repr(role), roles=", ".join(ROLES)
            )
        table = PersonRoleRow.__table__
        which = (table.c.person_id == person) & (table.c.role == role)
        if team_id is not None:
            which &= table.c.team_id == normalise_id(team_id)
        with self.transaction() as conn:
            lock_roles(conn)
            return conn.execute(table.delete().where(which)).rowcount

    def people(self, team_id: str | None = None) -> list[PersonRoles]:
        """Every stored person with their roles, by id; with ``team_id``, only those with a
        role in that team."""
        people, roles = PersonRow.__table__, PersonRoleRow.__table__
        with self.engine.connect() as conn:
            names = {r.person_id: r.name for r in conn.execute(select(people))}
            rows = conn.execute(
                select(roles.c.person_id, roles.c.role, roles.c.team_id, roles.c.source).order_by(
                    roles.c.person_id, roles.c.role, roles.c.team_id
                )
            ).all()
        held: dict[str, list[tuple[str, str, str]]] = {p: [] for p in names}
        for r in rows:
            held.setdefault(r.person_id, []).append((r.role, r.team_id, r.source))
        out = [
            PersonRoles(p, names.get(p, ""), tuple(held[p]))
            for p in sorted(held)
            if team_id is None or any(t == team_id for _, t, _ in held[p])
        ]
        return out
