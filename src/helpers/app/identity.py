"""Who is using a page: the person and language chosen on the start page.

The start page keeps them in a session cookie (gone when the browser closes),
so two people on one server, or two browsers on one machine, are never mixed
up. Voilà hands the request's ``Cookie`` header to the page's kernel as the
environment variable ``HTTP_COOKIE``; :func:`from_request` reads it there.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from helpers.playbook.models import Locale
from helpers.ui import check_learner_id

COOKIE = "coachkit_who"
"""Name of the session cookie that holds the person and the language."""
APP_ENV = "COACHKIT_APP"
"""Set (to ``1``) in the environment of every kernel the app starts."""


@dataclass(frozen=True)
class Who:
    """A person (their learner id, also their trainer id) and the language they chose."""

    person: str
    locale: Locale = "en"

    def cookie_value(self) -> str:
        """The cookie's value: JSON, percent-encoded so any printable id survives."""
        return quote(json.dumps({"person": self.person, "locale": self.locale}), safe="")


def parse(value: str | None) -> Who | None:
    """The :class:`Who` a cookie value holds, or None if it is missing or not one of ours."""
    if not value:
        return None
    try:
        data = json.loads(unquote(value))
        person = check_learner_id(str(data["person"]))
    except (ValueError, KeyError, TypeError):
        return None
    locale = data.get("locale")
    return Who(person, locale if locale in ("zh", "en") else "en")


def from_cookie_header(header: str | None) -> Who | None:
    """The :class:`Who` in a ``Cookie`` request header, or None."""
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return parse(value)
    return None


HUB_USER = "JUPYTERHUB_USER"
"""Set by JupyterHub in every single-user server: the person who logged in to the hub."""


def hub_user() -> str | None:
    """Under JupyterHub, the hub user (a checked learner id); None elsewhere."""
    value = os.environ.get(HUB_USER, "").strip()
    if not value:
        return None
    return check_learner_id(value)


def in_app() -> bool:
    """Whether this process is a kernel of the app (rather than JupyterLab or a script)."""
    return os.environ.get(APP_ENV) == "1"


def from_request(locale_of: Callable[[str], Locale | None] | None = None) -> Who | None:
    """In an app kernel, the person who asked for this page; None elsewhere.

    A preheated kernel runs the page before anyone asks for it; this waits
    until the request arrives, then reads its cookie. Under JupyterHub the
    person is always the hub user, whatever the cookie says; only the
    language comes from it, or, without the cookie, from ``locale_of(person)``
    (e.g. the language the person chose last, kept in the store), else English.
    """
    if not in_app():
        return None
    from voila.utils import wait_for_request

    if os.environ.get("VOILA_PREHEAT") == "True":
        from helpers.i18n import say

        kernel = os.environ.get("VOILA_KERNEL_ID", "?")
        # one write: kernels share the server's output, and a line split in two writes
        # could be interleaved with another kernel's
        os.write(sys.__stderr__.fileno(), (say("op.app.page_ready", kernel=kernel) + "\n").encode())
    wait_for_request()
    # the header also holds the server's login cookie: read ours, keep none of it around
    who = from_cookie_header(os.environ.pop("HTTP_COOKIE", None))
    hub = hub_user()
    if hub is not None:
        if who is not None:
            return Who(hub, who.locale)
        return Who(hub, (locale_of(hub) if locale_of is not None else None) or "en")
    return who


def for_page(person: str, locale: str) -> tuple[str, str]:
    """The person and language a page runs for.

    In the app, whoever opened the page, in the language they chose; in
    JupyterLab and papermill runs, the notebook's own parameters.
    """
    who = from_request()
    if who is None:
        return person, locale
    return who.person, who.locale
