"""The app under JupyterHub: a single-user server that only its owner reaches.

Two halves, for the two processes involved:

- in each person's server, started by the hub: where to listen
  (:func:`placement`, from the ``JUPYTERHUB_*`` environment) and who may come
  in (:class:`HubIdentityProvider`: the hub's OAuth, and only the hub user who
  owns the server);
- in the hub: :class:`PreSpawn`, the spawner's pre-spawn hook, which turns the
  person's hub groups into roles in the store and hands their server the
  store credentials for that person (never the administrator's) and the
  command for their role: the app, or JupyterLab for administrators.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from jupyter_server.utils import url_path_join
from jupyterhub.services.auth import HubOAuth
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider, JupyterHubUser
from tornado.web import HTTPError, RequestHandler
from traitlets import default

TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
SERVICE_URL_ENV = "JUPYTERHUB_SERVICE_URL"
PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"
USER_ENV = "JUPYTERHUB_USER"
POOL_ENV = "COACHKIT_APP_POOL"
"""Preheated kernels per page of a person's app (``coachkit app --pool``), set by the hub."""
ADMIN_STORE_ENV = "COACHKIT_ADMIN_STORE"
"""The store URL with the administrator's credentials: in the hub's environment only."""


@dataclass(frozen=True)
class Placement:
    """Where the hub wants a person's server: address, port and base URL (the service prefix)."""

    host: str
    port: int
    base_url: str


HUB_ENVS = (TOKEN_ENV, SERVICE_URL_ENV, PREFIX_ENV, USER_ENV)
"""What the hub sets for every server it starts (the owner last)."""


def missing_hub_env(environ: dict[str, str] | None = None) -> list[str]:
    """Which of :data:`HUB_ENVS` are not set: none when JupyterHub started this process."""
    env = os.environ if environ is None else environ
    return [name for name in HUB_ENVS if not env.get(name)]


def placement(environ: dict[str, str] | None = None) -> Placement:
    """Address, port and base URL from ``JUPYTERHUB_SERVICE_URL`` and ``JUPYTERHUB_SERVICE_PREFIX``.

    Raises
    ------
    ValueError
        If the service URL names no port.
    """
    env = os.environ if environ is None else environ
    url = urlparse(env[SERVICE_URL_ENV])
    if url.port is None:
        raise ValueError(f"{SERVICE_URL_ENV} names no port: {env[SERVICE_URL_ENV]}")
    prefix = env.get(PREFIX_ENV) or url.path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    return Placement(url.hostname or "127.0.0.1", url.port, prefix)


def _refuse(handler: RequestHandler, name: str) -> None:
    """Make the handler answer 403 where it would have sent the person to log in.

    A person logged in to the hub as someone else would only come back here
    from the hub's login page: a loop. They get a plain refusal instead.
    """

    def refuse(*_: Any, **__: Any) -> None:
        raise HTTPError(403, f"{name} may not use this server")

    handler.redirect = refuse  # type: ignore[method-assign]


class HubIdentityProvider(JupyterHubIdentityProvider):
    """Who is asking, through the hub's OAuth: the server's owner, or nobody.

    A request without a hub login is sent to the hub's login page (and back
    afterwards). A hub user other than the one who owns this server is
    refused, even one the hub would let in (an administrator with access to
    every server): in the app a person only ever acts as themselves.
    """

    @default("hub_auth")
    def _hub_auth_here(self) -> HubOAuth:
        # the prefix as the hub set it for this process (HubOAuth reads it on import)
        return HubOAuth(parent=self, base_url=os.environ.get(PREFIX_ENV) or "/")

    @property  # type: ignore[override]
    def token(self) -> str:
        return self.hub_auth.api_token

    @token.setter
    def token(self, value: str) -> None:
        """Voila hands its own token setting here; under the hub there is no other token."""

    def get_handlers(self) -> list[tuple[Any, ...]]:
        """The OAuth callback and logout, under the server's base URL."""
        base = self.hub_auth.base_url
        return [(url_path_join(base, route[0]), *route[1:]) for route in super().get_handlers()]

    async def get_user(self, handler: Any) -> JupyterHubUser | None:
        user = await super().get_user(handler)
        if user is None:
            return None
        owner = os.environ.get(USER_ENV, "")
        if user.username != owner:
            self.log.warning("Refusing hub user %s on the server of %s", user.username, owner)
            handler._jupyterhub_user = None
            _refuse(handler, user.username)
            return None
        return user


class HubAuthenticated:
    """Mixin for file handlers Voila serves to anyone: under the hub, its owner only."""

    async def prepare(self) -> Any:
        provider = self.settings["identity_provider"]  # type: ignore[attr-defined]
        if await provider.get_user(self) is None:
            raise HTTPError(403)
        return await _maybe_await(super().prepare())  # type: ignore[misc]


async def _maybe_await(value: Any) -> Any:
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value


def authenticated(handler: type) -> type:
    """``handler`` with :class:`HubAuthenticated` in front of it."""
    return type(f"HubAuthenticated{handler.__name__}", (HubAuthenticated, handler), {})


# ---------------------------------------------------------------- in the hub


def keep_case(authenticator: type) -> type:
    """``authenticator`` with user names kept as typed (surrounding space removed).

    JupyterHub lowercases every user name by default, and the hub user is the
    person in the store: a rep imported as ``R0001`` must log in as ``R0001``,
    not ``r0001``. ``Authenticator.username_map`` still applies.
    """

    def normalize_username(self: Any, username: str) -> str:
        username = username.strip()
        return self.username_map.get(username, username)

    return type(
        f"CaseKeeping{authenticator.__name__}",
        (authenticator,),
        {"normalize_username": normalize_username, "__doc__": authenticator.__doc__},
    )


def app_command(python: str = sys.executable) -> list[str]:
    """The command of a person's app server (placed and authenticated by the hub; its pool
    of preheated kernels from ``COACHKIT_APP_POOL``)."""
    return [python, "-m", "helpers.cli", "app", "--hub"]


def lab_command(python: str = sys.executable, extra: Sequence[str] = ()) -> list[str]:
    """The command of an administrator's JupyterLab, on the kit's notebooks, with ``extra``
    arguments at the end."""
    from helpers.config import NOTEBOOKS

    return [
        python,
        "-m",
        "jupyterhub.singleuser",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        "--ServerApp.default_url=/lab",
        "--ContentsManager.pre_save_hook=helpers.lab.drop_widget_views",
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
        *extra,
    ]


def server_store(admin_url: str, person: str) -> str:
    """The store URL a person's server gets: on PostgreSQL their own login, never the admin's.

    On SQLite every server shares the one file (a single machine: no isolation
    between people).
    """
    if admin_url.startswith("postgresql"):
        from helpers.store.access import ensure_login

        return ensure_login(admin_url, person)
    return admin_url


@dataclass
class PreSpawn:
    """The spawner's pre-spawn hook: roles from hub groups, the person's store and command.

    Attributes
    ----------
    admin_store : str
        Store URL with the administrator's credentials (the hub's only).
    var : str
        Each person's local folder (``COACHKIT_VAR``); ``{username}`` is the hub user
        and a leading ``~`` is their home.
    pool : int
        Preheated kernels per page in each app (0: none).
    environment : dict
        More environment for every server.
    python : str
        The Python that runs people's servers: the hub's own on one machine, the
        single-user image's (``python``) on Kubernetes.
    lab_args : list of str
        More command-line arguments for the administrators' JupyterLab.
    """

    admin_store: str
    var: str = "~{username}/.coachkit"
    pool: int = 1
    environment: dict[str, str] = field(default_factory=dict)
    python: str = sys.executable
    lab_args: list[str] = field(default_factory=list)

    def prepare(self, person: str, groups: list[str]) -> tuple[list[str], dict[str, str]]:
        """Store the person's hub roles; the command and environment of their server."""
        from helpers.store import Store
        from helpers.store.people import roles_from_groups

        store = Store(self.admin_store)
        try:
            store.set_roles(person, roles_from_groups(groups), "hub")
            admin = store.has_role(person, "admin")
        finally:
            store.engine.dispose()
        env = {
            **self.environment,
            "COACHKIT_STORE": server_store(self.admin_store, person),
            "COACHKIT_VAR": os.path.expanduser(self.var.format(username=person)),
            POOL_ENV: str(self.pool),
        }
        command = lab_command(self.python, self.lab_args) if admin else app_command(self.python)
        return command, env

    async def __call__(self, spawner: Any) -> None:
        person = spawner.user.name
        groups = [g.name for g in spawner.user.groups]
        cmd, env = await asyncio.to_thread(self.prepare, person, groups)
        spawner.cmd = cmd
        spawner.environment = {**spawner.environment, **env}


def hub_page_words() -> dict[str, dict[str, str]]:
    """The kit's words on the hub's own pages (its error page), in both languages."""
    from helpers.i18n import t

    keys = {"not_your_server": "app.not_your_server", "your_start_page": "app.your_start_page"}
    return {name: {lang: t(key, lang) for lang in ("zh", "en")} for name, key in keys.items()}
