"""Who may read and write what, enforced by PostgreSQL: group roles, grants, row-level security.

Four group roles (``NOLOGIN``) carry the privileges: :data:`GROUPS`. Each
person connects with their own login role (:func:`ensure_login`), a member of
``coachkit_learner`` and of the groups of their roles in ``person_roles``;
``db_logins`` maps the login to the person, and ``coachkit_me()`` gives the
person of the session's login to the row-level security policies. Every table
holding per-person or per-team data has row-level security enabled and
forced, so even the tables' owner sees rows only through a policy (the owner
is made a member of ``coachkit_admin``).

What each group may do:

- learner (every login): their own attempts, review cards and page state
  (read, add, change; state also delete), their own ``people`` and
  ``person_roles`` rows; nothing else.
- trainer: every role-play session (read, open new ones as themselves); their
  own scores, score history and submitted sheets (read and write); the other
  trainers' scores and sheets of a session only once they have submitted
  their own; the people who are learners (to suggest reps).
- manager: reps, accounts, contacts, deals, opportunities, customer events, receivables,
  attempts, review cards, role-play sessions and scores, people and roles, of the teams
  they manage.
- admin: everything, read and write (no schema changes: the owner migrates); the only
  group that reads ``imports`` and ``record_history`` (what each import changed).

SQLite stores have none of this: one machine, one person.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.engine import make_url

from helpers.errors import DataError
from helpers.store.engine import HEAD, describe_any, get_engine, migrate, write_transaction
from helpers.store.people import ensure_person, person_key
from helpers.store.tables import ROLES, Base, DbLoginRow, PersonRoleRow

GROUPS: dict[str, str] = {role: f"coachkit_{role}" for role in ROLES}
"""The group role of each kit role."""
LOGIN_PREFIX = "ck_"
"""Person login roles are this prefix and a hash (:func:`login_name`)."""
_LOCK = 762532
"""Advisory lock key serialising changes to roles and logins."""

ME = "(select coachkit_me())"
TEAM = "(select coachkit_team_people())"
ALL_ROWS = "true"

# table -> group -> privileges
GRANTS: dict[str, dict[str, str]] = {
    "attempts": {"learner": "select, insert, update", "manager": "select"},
    "review_cards": {"learner": "select, insert, update", "manager": "select"},
    "person_state": {"learner": "select, insert, update, delete"},
    "people": {"learner": "select", "trainer": "select", "manager": "select"},
    "person_roles": {"learner": "select", "trainer": "select", "manager": "select"},
    "reps": {"manager": "select"},
    "accounts": {"manager": "select"},
    "contacts": {"manager": "select"},
    "deals": {"manager": "select"},
    "opportunities": {"manager": "select"},
    "customer_events": {"manager": "select"},
    "receivables": {"manager": "select"},
    "roleplay_sessions": {"trainer": "select, insert", "manager": "select"},
    "roleplay_scores": {"trainer": "select, insert, update", "manager": "select"},
    "roleplay_score_history": {"trainer": "select, insert"},
    "roleplay_submissions": {"trainer": "select, insert, update"},
    "imports": {},
    "record_history": {},
    "db_logins": {},
}
"""Table privileges of each group (admin: every table, read and write)."""


@dataclass(frozen=True)
class Policy:
    """One row-level security policy: ``for`` a command, ``to`` a group."""

    name: str
    group: str
    command: str
    using: str | None = None
    check: str | None = None


def _own(column: str) -> list[Policy]:
    rule = f"{column} = {ME}"
    return [Policy("ck_own", "learner", "all", rule, rule)]


def _team(column: str) -> Policy:
    return Policy("ck_team", "manager", "select", f"{column} in {TEAM}")


_SUBMITTED = "coachkit_submitted(session_id)"
_TRAINER_OWN = f"trainer_id = {ME}"

POLICIES: dict[str, list[Policy]] = {
    "attempts": [*_own("learner_id"), _team("learner_id")],
    "review_cards": [*_own("learner_id"), _team("learner_id")],
    "person_state": _own("person_id"),
    "people": [
        Policy("ck_own", "learner", "select", f"person_id = {ME}"),
        Policy("ck_learners", "trainer", "select", "person_id in (select coachkit_learners())"),
        _team("person_id"),
    ],
    "person_roles": [
        Policy("ck_own", "learner", "select", f"person_id = {ME}"),
        Policy("ck_learners", "trainer", "select", "role = 'learner'"),
        Policy("ck_team", "manager", "select", "team_id in (select coachkit_managed_teams())"),
    ],
    "reps": [
        Policy("ck_team", "manager", "select", "team_id in (select coachkit_managed_teams())")
    ],
    "accounts": [_team("owner_rep_id")],
    "contacts": [_team("rep_id")],
    "deals": [_team("rep_id")],
    "opportunities": [_team("rep_id")],
    # an event belongs to an account: the team's, as the policy on accounts decides
    "customer_events": [
        Policy("ck_team", "manager", "select", "account_id in (select account_id from accounts)")
    ],
    "receivables": [_team("rep_id")],
    "roleplay_sessions": [
        Policy("ck_trainer_read", "trainer", "select", ALL_ROWS),
        Policy("ck_trainer_open", "trainer", "insert", check=f"created_by = {ME}"),
        _team("rep_id"),
    ],
    "roleplay_scores": [
        Policy("ck_trainer_read", "trainer", "select", f"{_TRAINER_OWN} or {_SUBMITTED}"),
        Policy("ck_trainer_add", "trainer", "insert", check=_TRAINER_OWN),
        Policy("ck_trainer_change", "trainer", "update", _TRAINER_OWN, _TRAINER_OWN),
        _team("rep_id"),
    ],
    "roleplay_score_history": [
        Policy("ck_trainer_read", "trainer", "select", _TRAINER_OWN),
        Policy("ck_trainer_add", "trainer", "insert", check=_TRAINER_OWN),
    ],
    "roleplay_submissions": [
        Policy("ck_trainer_read", "trainer", "select", f"{_TRAINER_OWN} or {_SUBMITTED}"),
        Policy("ck_trainer_add", "trainer", "insert", check=_TRAINER_OWN),
        Policy("ck_trainer_change", "trainer", "update", _TRAINER_OWN, _TRAINER_OWN),
    ],
    "imports": [],
    "record_history": [],
    "db_logins": [],
}
"""Row-level security policies per table; every table also has ``ck_admin`` (all rows)."""
for _table in POLICIES:
    POLICIES[_table].append(Policy("ck_admin", "admin", "all", ALL_ROWS, ALL_ROWS))

RLS_TABLES = tuple(POLICIES)
"""Tables with row-level security enabled and forced."""
OPEN_TABLES = ("alembic_version",)
"""Tables every group may read (no per-person data)."""

FUNCTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name(args): (returns, body, groups that may call it)
    "coachkit_me()": (
        "text",
        "select person_id from db_logins where login = session_user",
        tuple(ROLES),
    ),
    "coachkit_managed_teams()": (
        "setof text",
        "select team_id from person_roles where person_id = coachkit_me() and role = 'manager'",
        tuple(ROLES),
    ),
    "coachkit_team_people()": (
        "setof text",
        "select rep_id from reps where team_id in (select coachkit_managed_teams()) "
        "union select person_id from person_roles where role = 'learner' "
        "and team_id in (select coachkit_managed_teams())",
        tuple(ROLES),
    ),
    "coachkit_learners()": (
        "setof text",
        "select distinct person_id from person_roles where role = 'learner'",
        ("trainer", "admin"),
    ),
    "coachkit_submitted(session text)": (
        "boolean",
        "select exists (select 1 from roleplay_submissions "
        "where session_id = session and trainer_id = coachkit_me())",
        ("trainer", "admin"),
    ),
    "coachkit_scorers(session text)": (
        "integer",
        "select count(distinct trainer_id)::integer from roleplay_scores "
        "where session_id = session",
        ("trainer", "admin"),
    ),
}
"""Helper functions of the policies: ``SECURITY DEFINER`` (they read what the caller may not,
and return only what is named), with a fixed ``search_path``."""


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        url = describe_any(engine.url.render_as_string(hide_password=False))
        raise DataError("op.db.not_postgres", url=url)


def _lock(conn: Connection) -> None:
    conn.exec_driver_sql("select pg_advisory_xact_lock(%s)", (_LOCK,))


def _role_exists(conn: Connection, name: str) -> bool:
    query = text("select 1 from pg_roles where rolname = :n")
    return conn.execute(query, {"n": name}).first() is not None


def _create_groups(conn: Connection) -> None:
    for group in GROUPS.values():
        if not _role_exists(conn, group):
            conn.exec_driver_sql(f"create role {_quote(conn, group)} nologin")
    me = conn.execute(text("select rolsuper from pg_roles where rolname = current_user")).scalar()
    if not me:  # the owner sees rows through the admin policy (row-level security is forced)
        conn.exec_driver_sql(f"grant {GROUPS['admin']} to current_user")


def _create_functions(conn: Connection, schema: str) -> None:
    path = f"pg_catalog, {_quote(conn, schema)}"
    for signature, (returns, body, groups) in FUNCTIONS.items():
        conn.exec_driver_sql(
            f"create or replace function {signature} returns {returns} language sql stable "
            f"security definer set search_path = {path} as $fn$ {body} $fn$"
        )
        conn.exec_driver_sql(f"revoke all on function {signature} from public")
        for role in groups:
            conn.exec_driver_sql(f"grant execute on function {signature} to {GROUPS[role]}")


def _policy_sql(conn: Connection, table: str, policy: Policy) -> str:
    sql = (
        f"create policy {policy.name} on {_quote(conn, table)} as permissive "
        f"for {policy.command} to {GROUPS[policy.group]}"
    )
    if policy.using is not None:
        sql += f" using ({policy.using})"
    if policy.check is not None:
        sql += f" with check ({policy.check})"
    return sql


def _apply_table(conn: Connection, table: str) -> None:
    q = _quote(conn, table)
    groups = ", ".join(GROUPS.values())
    conn.exec_driver_sql(f"revoke all on {q} from public, {groups}")
    conn.exec_driver_sql(f"grant select, insert, update, delete on {q} to {GROUPS['admin']}")
    for role, privileges in GRANTS[table].items():
        conn.exec_driver_sql(f"grant {privileges} on {q} to {GROUPS[role]}")
    conn.exec_driver_sql(f"alter table {q} enable row level security")
    conn.exec_driver_sql(f"alter table {q} force row level security")
    stored = conn.execute(
        text(
            "select policyname from pg_policies "
            "where schemaname = current_schema() and tablename = :t"
        ),
        {"t": table},
    ).scalars()
    for name in stored:
        conn.exec_driver_sql(f"drop policy {_quote(conn, name)} on {q}")
    for policy in POLICIES[table]:
        conn.exec_driver_sql(_policy_sql(conn, table, policy))


def _grant_sequences(conn: Connection, schema: str) -> None:
    admin, trainer = GROUPS["admin"], GROUPS["trainer"]
    conn.exec_driver_sql(
        f"grant usage, select on all sequences in schema {_quote(conn, schema)} to {admin}"
    )
    seq = conn.exec_driver_sql(
        "select pg_get_serial_sequence('roleplay_score_history', 'id')"
    ).scalar()
    if seq:
        conn.exec_driver_sql(f"grant usage on sequence {seq} to {trainer}")


def init_roles(admin_url: str) -> None:
    """Create the group roles, grants, helper functions and row-level security policies.

    Safe to run again (after an upgrade it applies what the new version
    needs). The store is first brought to the newest schema. ``admin_url``
    connects as the owner of the store's tables (or a superuser), with the
    right to create roles.

    Raises
    ------
    DataError
        If the store is not PostgreSQL.
    """
    engine = get_engine(admin_url)
    try:
        _require_postgres(engine)
        migrate(engine)
        with write_transaction(engine) as conn:
            _lock(conn)
            schema = conn.exec_driver_sql("select current_schema()").scalar_one()
            _create_groups(conn)
            q_schema = _quote(conn, schema)
            conn.exec_driver_sql(f"revoke create on schema {q_schema} from public")
            groups = ", ".join(GROUPS.values())
            conn.exec_driver_sql(f"grant usage on schema {q_schema} to {groups}")
            _create_functions(conn, schema)
            for table in RLS_TABLES:
                _apply_table(conn, table)
            for table in OPEN_TABLES:
                conn.exec_driver_sql(f"grant select on {_quote(conn, table)} to {groups}")
            _grant_sequences(conn, schema)
    finally:
        engine.dispose()


def login_name(database: str, person_id: str) -> str:
    """The login role of ``person_id`` in ``database``: a fixed prefix and a hash, so that any
    id gives a plain, short, distinct PostgreSQL name."""
    digest = hashlib.sha256(f"{database}\0{person_id}".encode()).hexdigest()
    return LOGIN_PREFIX + digest[:28]


def _wanted_groups(conn: Connection, person_id: str) -> set[str]:
    table = PersonRoleRow.__table__
    held = conn.execute(select(table.c.role).where(table.c.person_id == person_id)).scalars()
    return {GROUPS["learner"]} | {GROUPS[r] for r in held if r in GROUPS}


def _sync_groups(conn: Connection, login: str, person_id: str) -> None:
    wanted = _wanted_groups(conn, person_id)
    held = set(
        conn.execute(
            text(
                "select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid "
                "join pg_roles u on u.oid = m.member where u.rolname = :login"
            ),
            {"login": login},
        ).scalars()
    ) & set(GROUPS.values())
    q = _quote(conn, login)
    for group in sorted(wanted - held):
        conn.exec_driver_sql(f"grant {group} to {q}")
    for group in sorted(held - wanted):
        conn.exec_driver_sql(f"revoke {group} from {q}")


def _set_password(conn: Connection, login: str, password: str, create: bool) -> None:
    raw = conn.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    # the server gets the SCRAM verifier only, never the password itself (nor its logs)
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    literal = "'" + verifier.decode().replace("'", "''") + "'"
    verb = "create" if create else "alter"
    extra = (
        " nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit" if create else ""
    )
    conn.exec_driver_sql(f"{verb} role {_quote(conn, login)} login{extra} password {literal}")


_UNSAFE = "rolsuper or rolcreaterole or rolcreatedb or rolreplication or rolbypassrls"


def ensure_login(admin_url: str, person_id: str) -> str:
    """Create or update the person's own login role and return the store URL they must use.

    Each call sets a fresh random password. The login is a member of
    ``coachkit_learner`` and of the groups of the person's roles in
    ``person_roles`` (added and removed to match), and ``db_logins`` maps it
    to the person. Safe to call at every spawn, for several people at once.

    Parameters
    ----------
    admin_url : str
        The store URL of its owner (see :func:`init_roles`).
    person_id : str
        The person (stored if not yet, with no role: their own rows only).

    Returns
    -------
    str
        ``admin_url`` with the login and its password in place of the admin's.

    Raises
    ------
    DataError
        If the store is not PostgreSQL, or the login's name is taken by a role
        this function would not hand out (the admin's own, or one with
        privileges beyond a login's).
    """
    person = person_key(person_id)
    url = make_url(admin_url)
    engine = get_engine(admin_url)
    try:
        _require_postgres(engine)
        with write_transaction(engine) as conn:
            _lock(conn)
            database = conn.exec_driver_sql("select current_database()").scalar_one()
            login = login_name(database, person)
            admin = conn.exec_driver_sql("select session_user").scalar_one()
            unsafe = conn.execute(
                text(f"select {_UNSAFE} from pg_roles where rolname = :n"), {"n": login}
            ).first()
            if login in (admin, url.username) or (unsafe is not None and unsafe[0]):
                raise DataError("op.db.login_not_admin", person=person)
            password = secrets.token_urlsafe(24)
            _set_password(conn, login, password, create=unsafe is None)
            ensure_person(conn, person)
            _upsert_login(conn, login, person)
            _sync_groups(conn, login, person)
    finally:
        engine.dispose()
    return url.set(username=login, password=password).render_as_string(hide_password=False)


def _upsert_login(conn: Connection, login: str, person_id: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy.dialects.postgresql import insert

    table = DbLoginRow.__table__
    conn.execute(table.delete().where((table.c.person_id == person_id) & (table.c.login != login)))
    stmt = insert(table).values(login=login, person_id=person_id, updated_at=datetime.now(UTC))
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["login"],
            set_={"person_id": stmt.excluded.person_id, "updated_at": stmt.excluded.updated_at},
        )
    )


def sync_login(engine: Engine, person_id: str) -> bool:
    """Make the person's login (if they have one) a member of the groups of their roles now.

    Returns False, changing nothing, on SQLite, for a person without a login,
    or when the store's user may not manage roles (the login then follows at
    the next :func:`ensure_login`).
    """
    if engine.dialect.name != "postgresql":
        return False
    person = person_key(person_id)
    with write_transaction(engine) as conn:
        if not inspect(conn).has_table("db_logins"):
            return False
        able = conn.exec_driver_sql(
            "select rolsuper or rolcreaterole from pg_roles where rolname = current_user"
        ).scalar()
        if not able or not all(_role_exists(conn, g) for g in GROUPS.values()):
            return False
        table = DbLoginRow.__table__
        login = conn.execute(select(table.c.login).where(table.c.person_id == person)).scalar()
        if login is None or not _role_exists(conn, login):
            return False
        _lock(conn)
        _sync_groups(conn, login, person)
    return True


# ------------------------------------------------------------------ checks


@dataclass
class CheckResult:
    """What ``coachkit db check`` found: problems (message keys and values) and row counts."""

    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.problems


def check(engine: Engine, tables: Iterable[str] | None = None) -> CheckResult:
    """The store's own checks: schema at the newest revision, every table present, on
    PostgreSQL the roles, functions, forced row-level security and policies; and row counts.

    Counts are of the rows the connecting user may see, in the tables they may read.
    """
    from helpers.store.engine import schema_version

    result = CheckResult()
    found = schema_version(engine)
    if found != HEAD:
        result.problems.append(("op.db.problem.schema", {"found": found or "-", "head": HEAD}))
    names = list(tables or Base.metadata.tables)
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        for name in names:
            if name not in present:
                result.problems.append(("op.db.problem.table", {"table": name}))
                continue
            if (
                conn.dialect.name == "postgresql"
                and not conn.execute(
                    text("select has_table_privilege(current_user, :t, 'select')"), {"t": name}
                ).scalar()
            ):
                continue  # a login without access to the table: nothing to count
            count = conn.exec_driver_sql(f"select count(*) from {_quote(conn, name)}").scalar()
            result.counts[name] = int(count or 0)
        if conn.dialect.name == "postgresql":
            _check_access(conn, present, result)
    return result


def _check_access(conn: Connection, present: set[str], result: CheckResult) -> None:
    for group in GROUPS.values():
        if not _role_exists(conn, group):
            result.problems.append(("op.db.problem.role", {"role": group}))
    for signature in FUNCTIONS:
        found = conn.execute(
            text("select to_regprocedure(:s) is not null"), {"s": signature.replace("session ", "")}
        ).scalar()
        if not found:
            result.problems.append(("op.db.problem.function", {"function": signature}))
    flags = {
        r.relname: r.relforcerowsecurity and r.relrowsecurity
        for r in conn.execute(
            text(
                "select relname, relrowsecurity, relforcerowsecurity from pg_class "
                "where relnamespace = current_schema()::regnamespace and relkind = 'r'"
            )
        )
    }
    policies = {
        (r.tablename, r.policyname)
        for r in conn.execute(
            text(
                "select tablename, policyname from pg_policies where schemaname = current_schema()"
            )
        )
    }
    for table in RLS_TABLES:
        if table not in present:
            continue
        if not flags.get(table):
            result.problems.append(("op.db.problem.rls", {"table": table}))
        for policy in POLICIES[table]:
            if (table, policy.name) not in policies:
                result.problems.append(
                    ("op.db.problem.policy", {"table": table, "policy": policy.name})
                )


def limited(conn: Connection) -> bool:
    """True when the connecting user sees only some rows: a PostgreSQL login under the
    kit's row-level security that is neither a superuser nor an admin."""
    if conn.dialect.name != "postgresql":
        return False
    query = text(
        "select not (r.rolsuper or r.rolbypassrls) "
        "and not exists (select 1 from pg_roles g where g.rolname = :admin "
        "and pg_has_role(current_user, g.oid, 'member')) "
        "and exists (select 1 from pg_class c where c.relname = 'reps' "
        "and c.relnamespace = current_schema()::regnamespace and c.relrowsecurity) "
        "from pg_roles r where r.rolname = current_user"
    )
    return bool(conn.execute(query, {"admin": GROUPS["admin"]}).scalar())
