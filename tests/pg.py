"""Test databases on the test PostgreSQL server, owned as on a real server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def create_database(server: str, name: str, owner: str) -> None:
    """Create database ``name`` owned by ``owner`` (``server``: a superuser's URL)."""
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} OWNER {owner}")
    engine.dispose()


def drop_database(server: str, name: str) -> None:
    """Drop database ``name`` whoever is still connected."""
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    engine.dispose()


@dataclass(frozen=True)
class OwnedDatabase:
    """A database, its owner (a login that may create roles, not a superuser) and its URL."""

    name: str
    owner: str
    password: str
    url: str


@contextmanager
def owned_database(
    server: str, prefix: str = "db", password: str = "owner-secret"
) -> Iterator[OwnedDatabase]:
    """A new database owned by a new non-superuser login with CREATEROLE and ``password``, as
    the kit's administrator has on a real server; dropped afterwards (its owner stays, harmless)."""
    tag = uuid.uuid4().hex[:10]
    owner, name = f"owner_{tag}", f"{prefix}_{tag}"
    su = create_engine(server, isolation_level="AUTOCOMMIT")
    with su.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{password}'")
    su.dispose()
    create_database(server, name, owner)
    url = (
        make_url(server)
        .set(database=name, username=owner, password=password)
        .render_as_string(hide_password=False)
    )
    try:
        yield OwnedDatabase(name, owner, password, url)
    finally:
        drop_database(server, name)
