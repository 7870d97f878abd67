"""``coachkit app``: Voilà serving the kit's pages, behind the app's start and reports pages.

The server is Voilà's own application with three additions: the app's pages
(:mod:`.pages`), a renderer that serves only the kit's pages and only to a
person who said who they are, and settings that suit people who never see
code: kernels preheated so a module appears at once, no tracebacks, token
authentication, loopback only, every asset served from this machine.

Started by JupyterHub (:mod:`.hub`), the app listens where the hub says, under
the person's URL prefix, and lets in only the hub user who owns it, through
the hub's login instead of a token.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler, StaticFileHandler
from traitlets import default
from traitlets.config import Config
from voila.app import Voila
from voila.static_file_handler import (
    AllowListFileHandler,
    MultiStaticFileHandler,
    TemplateStaticFileHandler,
)
from voila.tornado.handler import TornadoVoilaHandler

from helpers.app import identity, pages
from helpers.app.preheat import PoolKeeper
from helpers.app.reports import ReportService
from helpers.app.rights import EVERYTHING, Rights, rights_of
from helpers.config import NOTEBOOKS, get_settings

SHARE = Path(__file__).parent
"""Holds ``voila/templates/coachkit``: found by Voilà through ``JUPYTER_PATH``."""
TEMPLATE = "coachkit"
LAB_ONLY = "lab-only"
"""Tag of notebook cells shown in JupyterLab only."""


@dataclass
class AppOptions:
    """How the app is served.

    Attributes
    ----------
    host : str
        Address to listen on (loopback unless an administrator says otherwise).
    port : int
        Port to listen on.
    token : str or None
        The access token; None makes a new one (printed with the address).
    pool : int
        Preheated kernels kept ready per page.
    reports_store : str or None
        Store the reports page reads: ``sample``, a URL, or None for the configured store.
    base_url : str
        The path the app is served under (the person's prefix under JupyterHub).
    hub : bool
        Started by JupyterHub: the hub's login instead of a token, the owner only.
    rights : Rights
        What the person may open: only those pages get kernels kept ready, and the
        report kernel is warmed only for someone who may read reports.
    """

    host: str = "127.0.0.1"
    port: int = 8866
    token: str | None = None
    pool: int = 1
    reports_store: str | None = None
    base_url: str = "/"
    hub: bool = False
    rights: Rights = EVERYTHING


def hub_options(pool: int, reports_store: str | None = None) -> AppOptions:
    """The options of an app started by JupyterHub: where the hub says, no token."""
    from helpers.app.hub import USER_ENV, placement
    from helpers.store import Store

    place = placement()
    store = Store()
    try:
        rights = rights_of(store, os.environ[USER_ENV])
    finally:
        store.engine.dispose()
    return AppOptions(
        host=place.host,
        port=place.port,
        pool=pool,
        reports_store=reports_store,
        base_url=place.base_url,
        hub=True,
        rights=rights,
    )


class QueueingKernelClient(AsyncKernelClient):
    """A kernel client whose sockets never drop what the kernel sends (no high-water mark).

    Voila reads each page's output through such a client; with ZeroMQ's default limit,
    a section that sends over a thousand widget messages at once could arrive empty on
    a busy machine.
    """

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RCVHWM, 0)
        return context


OPEN_FILES = (
    TemplateStaticFileHandler,
    MultiStaticFileHandler,
    AllowListFileHandler,
    FileFindHandler,
)
"""Voila's file handlers that answer anyone; under the hub they answer the owner only."""


class CoachkitApp(Voila):
    """Voilà with the app's pages in front of it."""

    name = "coachkit-app"
    state: pages.AppState
    hub: bool = False
    """Started by JupyterHub (see :mod:`.hub`)."""
    pool_keeper: PoolKeeper | None = None
    """Replaces preheated kernels that broke before a visitor came (None without preheating)."""

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        # the browser's connections to each kernel: no high-water mark either (see
        # QueueingKernelClient for Voila's own)
        self.kernel_manager.context.setsockopt(zmq.RCVHWM, 0)
        if hasattr(self.kernel_manager, "_pools"):
            self.pool_keeper = PoolKeeper(self.kernel_manager)
            self.pool_keeper.start()
        return settings

    def init_handlers(self) -> list[Any]:
        handlers = []
        guard = _hub_guard() if self.hub else None
        for route in super().init_handlers():
            pattern, handler = route[0], route[1]
            if guard is not None and handler in OPEN_FILES:
                route = (pattern, guard(handler), *route[2:])
            if handler is TornadoVoilaHandler:
                route = (pattern, pages.PageHandler, {**route[2], "state": self.state})
            elif pattern in (self.server_url, url_path_join(self.server_url, r"/voila/tree.*")):
                continue  # no file listing: the start page is the way in
            elif "/voila/tree" in pattern:
                continue
            handlers.append(route)
        base = self.server_url
        state = {"state": self.state}
        static = {"path": str(pages.STATIC)}
        files = guard(StaticFileHandler) if guard is not None else StaticFileHandler
        ours = [
            (base, pages.StartHandler, state),
            (url_path_join(base, "who"), pages.WhoHandler, state),
            (url_path_join(base, "reports"), pages.ReportsHandler, state),
            (url_path_join(base, "reports/view"), pages.ReportViewHandler, state),
            (url_path_join(base, r"coachkit/static/(.*)"), files, static),
            (url_path_join(base, "voila/tree"), RedirectHandler, {"url": base}),
        ]
        return ours + handlers


def _hub_guard() -> Any:
    from helpers.app.hub import authenticated

    return authenticated


def without_mathjax(page_config: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Voila's page settings with MathJax off: the pages have no formulas to fetch it for."""
    return {**page_config, "fullMathjaxUrl": "null", "mathjaxConfig": "null"}


def configure(options: AppOptions) -> Config:
    """The Voilà and Jupyter settings of the app."""
    c = Config()
    c.Voila.ip = options.host
    c.Voila.port = options.port
    c.Voila.port_retries = 0  # never move silently to another port
    c.Voila.open_browser = False
    c.Voila.root_dir = str(NOTEBOOKS)
    c.Voila.base_url = options.base_url
    if options.hub:
        from helpers.app.hub import HubIdentityProvider

        c.Voila.identity_provider_class = HubIdentityProvider
    elif options.token is not None:
        c.Voila.token = options.token
    else:
        c.Voila.auto_token = True
    vc = c.VoilaConfiguration
    vc.template = TEMPLATE
    vc.show_tracebacks = False
    vc.http_header_envs = ["Cookie"]
    vc.preheat_kernel = options.pool > 0
    vc.default_pool_size = max(options.pool, 0)
    vc.file_allowlist = []
    vc.page_config_hook = without_mathjax
    # cells that only make sense in JupyterLab (how to run a notebook) are left out of pages
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = [LAB_ONLY]
    # only the app's pages get kernels kept ready (Voila matches these against full paths),
    # and under the hub only those the person may open: each kernel costs about 0.2 GB
    closed = [
        rf".*/{re.escape(page)}"
        for page in sorted(pages.PAGES)
        if not pages.may_open(options.rights, page)
    ]
    c.VoilaKernelManager.preheat_denylist = [
        r".*/reports/.*",
        r".*/training/00_welcome\.ipynb",
        *closed,
    ]
    c.VoilaKernelManager.fill_delay = 0
    # kernels left by closed tabs are shut down after half an hour idle
    c.MappingKernelManager.cull_idle_timeout = 1800
    c.MappingKernelManager.cull_interval = 300
    c.MappingKernelManager.cull_connected = False
    c.KernelManager.transport = "ipc"  # kernels talk over local sockets, not TCP ports
    c.AsyncKernelManager.client_class = f"{__name__}.QueueingKernelClient"
    # Voila stops reading a cell's output 4 s after the cell ends; on a busy machine a
    # section with a thousand widgets is still arriving then, and would show empty
    c.VoilaExecutor.iopub_timeout = 120
    return c


def prepare_environment() -> None:
    """Set what every kernel of the app inherits: the app's mark and the kit's template."""
    os.environ[identity.APP_ENV] = "1"
    paths = [str(SHARE), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    settings = get_settings()
    os.environ.setdefault("COACHKIT_HOME", str(settings.home))


def make_app(options: AppOptions) -> CoachkitApp:
    """A ready-to-start app (the report kernel is started and warming up)."""
    from helpers.playbook import load_library
    from helpers.store import Store

    prepare_environment()
    settings = get_settings()
    assert settings.var is not None
    store = Store()  # the app's own store is made here if new; the reports only read theirs
    service = ReportService(options.reports_store, settings.var / "app" / "reports")
    app = CoachkitApp(config=configure(options))
    app.hub = options.hub
    app.state = pages.AppState(lib=load_library(), store=store, reports=service, hub=options.hub)
    app.initialize([])
    if options.rights.reports:
        service.warm()
    return app


def new_token() -> str:
    """A fresh access token."""
    return secrets.token_urlsafe(24)
