"""The app's own pages: who you are, the start page, and the manager's reports page.

They are plain server-rendered HTML (no kernel), so they load at once, work
with the keyboard and a screen reader, and need nothing from the internet.
Every word comes from the message catalogue in the person's language.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from voila.tornado.handler import TornadoVoilaHandler

from helpers.app import identity
from helpers.app.identity import COOKIE, Who
from helpers.app.rights import EVERYTHING, Rights, rights_of
from helpers.errors import KitError, log_unexpected
from helpers.i18n import t
from helpers.learner.personal import last_module, remember_locale, stored_locale
from helpers.playbook.models import Locale
from helpers.ui import check_learner_id

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

TRAINING_PAGES = (
    "training/01_visit_flow.ipynb",
    "training/02_question_funnel.ipynb",
    "training/03_ffab.ipynb",
    "training/04_objections.ipynb",
    "training/05_follow_up.ipynb",
    "training/09_field_cases.ipynb",
)
"""The training modules the app serves, in the order a new rep takes them."""
TRAINER_PAGES = (
    ("trainer/score_roleplay.ipynb", "app.page.score_roleplay"),
    ("trainer/calibration.ipynb", "app.page.calibration"),
    ("trainer/content_library.ipynb", "app.page.content_library"),
)
"""The trainer's pages: notebook and the catalogue key of its name (``.help`` for its line)."""
PAGES = frozenset(TRAINING_PAGES) | {p for p, _ in TRAINER_PAGES}
"""Every notebook the app renders; any other path is not found."""


def may_open(rights: Rights, page: str) -> bool:
    """Whether a person with ``rights`` may open the notebook page ``page``."""
    if page in TRAINING_PAGES:
        return rights.modules
    return rights.trainer and page in PAGES


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)


def render_page(name: str, locale: Locale, **values: Any) -> str:
    """Render one of the app's templates in ``locale``."""

    def say(key: str, **fields: object) -> str:
        return t(key, locale, **fields)

    return _env.get_template(name).render(
        t=say, locale=locale, html_lang="zh-CN" if locale == "zh" else "en", **values
    )


def message_page(handler: JupyterHandler, status_code: int, locale: Locale) -> None:
    """Finish ``handler`` with the plain page for an error, in ``locale``.

    Not found and not allowed each say so; anything else says the page failed.
    """
    key = {403: "app.forbidden", 404: "app.not_found"}.get(status_code, "app.page_failed")
    base = handler.base_url if handler.base_url.endswith("/") else handler.base_url + "/"
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.finish(
        render_page(
            "message.html",
            locale,
            title=t("app.kit_name", locale),
            message=t(key, locale),
            base=base,
            who=None,
            here="",
            xsrf="",
        )
    )


def module_of(page: str) -> str:
    """The module id of a training page (its file name without the extension)."""
    return Path(page).stem


class AppHandler(JupyterHandler):
    """Base of the app's pages: the person from the cookie, the page in their language."""

    app_state: AppState

    def initialize(self, state: AppState) -> None:
        self.app_state = state

    @property
    def base(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"

    def who(self) -> Who | None:
        """The person (the hub user under JupyterHub) and their language, or None."""
        chosen = identity.parse(self.get_cookie(COOKIE))
        hub = identity.hub_user()
        if hub is not None:
            if chosen is not None:
                return Who(hub, chosen.locale)
            return Who(hub, stored_locale(self.app_state.store, hub) or self._asked_locale())
        return chosen

    def keep(self, who: Who) -> None:
        """Keep ``who`` in the session cookie (no expiry: it ends with the browser session)."""
        self.set_cookie(COOKIE, who.cookie_value(), path=self.base, httponly=True, samesite="Lax")

    def rights(self) -> Rights:
        """What the person may open: their roles under JupyterHub, everything otherwise."""
        who = self.who()
        if not self.app_state.hub or who is None:
            return EVERYTHING
        return rights_of(self.app_state.store, who.person)

    def forbid(self) -> None:
        """Answer 403 with the plain page that says so."""
        raise web.HTTPError(403)

    def page_locale(self) -> Locale:
        who = self.who()
        if who is not None:
            return who.locale
        return self._asked_locale()

    def _asked_locale(self) -> Locale:
        asked = self.get_argument("lang", "")
        if asked in ("zh", "en"):
            return asked  # type: ignore[return-value]
        accept = self.request.headers.get("Accept-Language", "")
        return "zh" if accept.lower().startswith("zh") else "en"

    def page(self, name: str, title_key: str, **values: Any) -> None:
        locale = values.pop("locale", None) or self.page_locale()
        self.set_header("Cache-Control", "no-store")
        self.finish(
            render_page(
                name,
                locale,
                title=t(title_key, locale),
                base=self.base,
                who=self.who(),
                here=self.request.uri,
                xsrf=self.xsrf_form_html(),
                **values,
            )
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A plain page in the person's language; the details only in the log."""
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if exc is not None and not isinstance(exc, web.HTTPError | KitError):
            log_unexpected(exc)
        message_page(self, status_code, self.page_locale())


def _safe_next(value: str, base: str) -> str:
    """A local path to go back to after the start page; anything else goes to the start page."""
    if value.startswith(base) and not value.startswith("//") and "\\" not in value:
        return value
    return base


class WhoHandler(AppHandler):
    """Asks who you are (GET) and keeps the answer in a session cookie (POST)."""

    @web.authenticated
    def get(self) -> None:
        who = self.who()
        self.page(
            "who.html",
            "app.welcome_title",
            person=who.person if who else "",
            fixed=identity.hub_user() is not None,
            next=_safe_next(self.get_argument("next", self.base), self.base),
            error="",
        )

    @web.authenticated
    def post(self) -> None:
        locale = self.get_body_argument("locale", "en")
        locale = locale if locale in ("zh", "en") else "en"
        # under JupyterHub nobody can be anyone but the hub user
        raw = identity.hub_user() or self.get_body_argument("person", "")
        target = _safe_next(self.get_body_argument("next", self.base), self.base)
        try:
            person = check_learner_id(raw)
        except ValueError:
            self.set_status(400)
            self.page(
                "who.html",
                "app.welcome_title",
                locale=locale,
                person=raw,
                fixed=False,
                next=target,
                error=t("ui.learner_invalid", locale, max=64),
            )
            return
        # the person's next browser session, on any device, starts in this language
        remember_locale(self.app_state.store, person, locale)
        self.keep(Who(person, locale))
        self.redirect(target)


@dataclass
class ModuleLink:
    """A module on the start page."""

    name: str
    href: str
    mastery: float
    pct: int
    mastered: int
    exercises: int


class StartHandler(AppHandler):
    """The start page: your modules with progress, reviews due, and the other paths."""

    @web.authenticated
    def get(self) -> None:
        who = self.who()
        if who is None:
            self.redirect(self.base + "who")
            return
        if identity.parse(self.get_cookie(COOKIE)) is None:
            self.keep(who)  # under JupyterHub: the module pages follow the language shown here
        state = self.app_state
        locale = who.locale
        rights = self.rights()
        from helpers.learner import review
        from helpers.learner.progress import exercise_label, exercise_module, module_progress

        rows = {r.module: r for r in module_progress(state.lib, state.store, who.person)}
        last = last_module(state.store, who.person)
        resume = None
        modules = []
        for page in TRAINING_PAGES if rights.modules else ():
            r = rows.get(module_of(page))
            if r is None:
                continue
            modules.append(
                ModuleLink(
                    name=t(f"module.{r.module}", locale),
                    href=f"{self.base}voila/render/{page}",
                    mastery=r.mastery,
                    pct=round(r.mastery * 100),
                    mastered=r.mastered,
                    exercises=r.exercises,
                )
            )
            if r.module == last:
                resume = modules[-1]
        due = []
        for card in review.due(state.store, who.person) if rights.modules else ():
            module = exercise_module(state.lib, card.item_id)
            page = f"training/{module}.ipynb" if module else None
            due.append(
                {
                    "label": exercise_label(state.lib, card.item_id).get(locale),
                    "href": f"{self.base}voila/render/{page}" if page in PAGES else None,
                }
            )
        trainer_pages = [
            {
                "name": t(key, locale),
                "help": t(f"{key}.help", locale),
                "href": f"{self.base}voila/render/{page}",
            }
            for page, key in TRAINER_PAGES
            if rights.trainer
        ]
        self.page(
            "start.html",
            "app.start_title",
            modules=modules,
            resume=resume,
            due=due,
            trainer_pages=trainer_pages,
            rights=rights,
        )


class ReportsHandler(AppHandler):
    """The manager's page: pick a team and a period, see the report, download it."""

    @web.authenticated
    def get(self) -> None:
        service = self.app_state.reports
        locale = self.page_locale()
        rights = self.rights()
        if not rights.reports:
            self.forbid()
        teams = rights.visible_teams(service.teams())
        first, last = service.default_period()
        team = self.get_argument("team", teams[0] if teams else "")
        start = self.get_argument("from", first.isoformat())
        end = self.get_argument("to", last.isoformat())
        error = ""
        report_src = download_href = ""
        if teams and self.get_argument("team", None) is not None:
            try:
                params = service.params(team, start, end, locale)
            except KitError as exc:
                error = exc.text(locale)
            else:
                query = urlencode(
                    {"team": params.team, "from": params.start, "to": params.end, "lang": locale}
                )
                report_src = f"{self.base}reports/view?{query}"
                download_href = f"{report_src}&download=1"
        self.page(
            "reports.html",
            "app.reports_title",
            teams=teams,
            team=team,
            start=start,
            end=end,
            error=error,
            report_src=report_src,
            download_href=download_href,
        )


class ReportViewHandler(AppHandler):
    """One rendered report, shown in the reports page or downloaded as an HTML file."""

    @web.authenticated
    async def get(self) -> None:
        service = self.app_state.reports
        locale = self.get_argument("lang", "en")
        if not self.rights().team_allowed(self.get_argument("team", "")):
            self.forbid()
        try:
            params = service.params(
                self.get_argument("team", ""),
                self.get_argument("from", ""),
                self.get_argument("to", ""),
                locale,
            )
        except KitError as exc:
            self.set_status(400)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(f'<p role="alert">{html.escape(exc.text(self.page_locale()))}</p>')
            return
        try:
            path = await service.render(params)
        except Exception as exc:
            log_unexpected(exc)
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            message = t("app.report_failed", params.locale, team=params.team)
            self.finish(f'<p role="alert">{html.escape(message)}</p>')
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if self.get_argument("download", ""):
            name = f"coaching-{params.team}-{params.start}-{params.end}-{params.locale}.html"
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
            self.set_header("Content-Disposition", f'attachment; filename="{safe}"')
        self.finish(path.read_bytes())


class PageHandler(TornadoVoilaHandler):
    """Voilà's page renderer, for the app's pages only and only once the person is known.

    Anyone who has not said who they are is sent to the start page first (and
    back here afterwards), so no kernel ever runs a page for nobody.
    """

    app_state: AppState

    def initialize(self, state: AppState, **kwargs: Any) -> None:
        self.app_state = state
        super().initialize(**kwargs)

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        if path not in PAGES:
            raise web.HTTPError(404)
        hub_user = identity.hub_user()
        if hub_user is None and identity.parse(self.get_cookie(COOKIE)) is None:
            base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
            self.redirect(f"{base}who?{urlencode({'next': self.request.uri})}")
            return
        rights = (
            rights_of(self.app_state.store, hub_user)
            if self.app_state.hub and hub_user is not None
            else EVERYTHING
        )
        if not may_open(rights, path):
            raise web.HTTPError(403)
        await super().get(path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """The app's plain page for a page not found or not allowed; Voila's own otherwise."""
        if status_code not in (403, 404):
            super().write_error(status_code, **kwargs)
            return
        chosen = identity.parse(self.get_cookie(COOKIE))
        message_page(self, status_code, chosen.locale if chosen else "en")


@dataclass
class AppState:
    """What the app's pages share: the content, the store, and the report service."""

    lib: Any
    store: Any
    reports: Any
    hub: bool = False
