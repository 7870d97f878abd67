"""The app under JupyterHub: where it listens, who gets in, and what each role may open."""

from __future__ import annotations

import asyncio
import sys
from types import SimpleNamespace

import pytest
from jupyterhub.auth import Authenticator
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider, JupyterHubUser
from tornado.web import HTTPError
from typer.testing import CliRunner

from helpers.app import hub
from helpers.app.pages import TRAINER_PAGES, TRAINING_PAGES, may_open
from helpers.app.rights import EVERYTHING, rights_of
from helpers.app.server import configure, hub_options
from helpers.cli import app
from helpers.i18n import t

HUB_ENV = {
    "JUPYTERHUB_API_TOKEN": "not-a-real-token",
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:40123/user/R0001/",
    "JUPYTERHUB_SERVICE_PREFIX": "/user/R0001/",
    "JUPYTERHUB_USER": "R0001",
    "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
    "JUPYTERHUB_CLIENT_ID": "jupyterhub-user-R0001",
    "JUPYTERHUB_OAUTH_ACCESS_SCOPES": '["access:servers!server=R0001/"]',
}


@pytest.fixture
def under_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in HUB_ENV.items():
        monkeypatch.setenv(name, value)


def test_the_app_listens_where_the_hub_says_under_the_persons_prefix(under_hub) -> None:
    options = hub_options(pool=0)
    assert (options.host, options.port, options.base_url) == ("127.0.0.1", 40123, "/user/R0001/")
    c = configure(options)
    assert c.Voila.base_url == "/user/R0001/"
    assert c.Voila.identity_provider_class is hub.HubIdentityProvider
    assert "token" not in c.Voila and "auto_token" not in c.Voila
    assert c.VoilaConfiguration.preheat_kernel is False


def test_hub_mode_outside_a_hub_names_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in HUB_ENV:
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["app", "--hub"])
    assert result.exit_code == 2
    assert "JUPYTERHUB_SERVICE_URL" in result.output
    assert hub.missing_hub_env({**HUB_ENV}) == []


def _provider_seeing(monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[object, object]:
    """A provider whose hub login says ``name`` (with access to this server), and a handler."""

    async def hub_says(self, handler):
        return JupyterHubUser({"name": name, "scopes": ["access:servers!server=R0001/"]})

    monkeypatch.setattr(JupyterHubIdentityProvider, "get_user", hub_says)
    return hub.HubIdentityProvider(), SimpleNamespace(redirect=lambda *a, **k: None)


def test_only_the_owner_gets_in_even_with_access_to_the_server(
    under_hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider, handler = _provider_seeing(monkeypatch, "R0002")
    assert asyncio.run(provider.get_user(handler)) is None
    with pytest.raises(HTTPError) as refused:
        handler.redirect("/hub/login")  # where a person not logged in would be sent
    assert refused.value.status_code == 403
    provider, handler = _provider_seeing(monkeypatch, "R0001")
    assert asyncio.run(provider.get_user(handler)).username == "R0001"


def test_the_hubs_login_routes_live_under_the_persons_prefix(under_hub) -> None:
    routes = [r[0] for r in hub.HubIdentityProvider().get_handlers()]
    assert routes == ["/user/R0001/logout", "/user/R0001/oauth_callback"]


def test_user_names_keep_their_case() -> None:
    plain = Authenticator()
    assert plain.normalize_username("R0001") == "r0001"
    kept = hub.keep_case(Authenticator)(username_map={"alias": "R0009"})
    assert kept.normalize_username(" R0001 ") == "R0001"
    assert kept.normalize_username("alias") == "R0009"


def test_each_role_gets_its_own_command() -> None:
    assert hub.app_command() == [sys.executable, "-m", "helpers.cli", "app", "--hub"]
    lab = hub.lab_command()
    assert lab[1:3] == ["-m", "jupyterhub.singleuser"]
    assert "--ContentsManager.pre_save_hook=helpers.lab.drop_widget_views" in lab


def test_on_sqlite_every_server_shares_the_file() -> None:
    url = "sqlite:////srv/coachkit/store.sqlite"
    assert hub.server_store(url, "R0001") == url


class Roles:
    """A store that only answers what roles people have."""

    def __init__(self, roles: dict[str, set[tuple[str, str]]]) -> None:
        self.roles = roles

    def roles_of(self, person: str) -> set[tuple[str, str]]:
        return self.roles.get(person, set())

    def managed_teams(self, person: str) -> list[str]:
        return sorted(team for role, team in self.roles_of(person) if role == "manager")


STORE = Roles(
    {
        "R1": {("learner", "T01")},
        "TR": {("trainer", "")},
        "M": {("manager", "T01"), ("manager", "T03")},
        "A": {("admin", "")},
    }
)


@pytest.mark.parametrize(
    ("person", "modules", "trainer", "teams"),
    [
        ("R1", True, False, []),
        ("TR", True, True, []),
        ("M", False, False, ["T01", "T03"]),
        ("A", True, True, ["T01", "T02", "T03"]),
        ("nobody", False, False, []),
    ],
)
def test_what_each_role_may_open(person, modules, trainer, teams) -> None:
    rights = rights_of(STORE, person)
    assert all(may_open(rights, p) == modules for p in TRAINING_PAGES)
    assert all(may_open(rights, p) == trainer for p, _ in TRAINER_PAGES)
    assert rights.visible_teams(["T01", "T02", "T03"]) == teams
    assert rights.reports == bool(teams)
    assert not may_open(rights, "reports/team_coaching.ipynb")


def test_on_one_machine_everything_is_open() -> None:
    assert all(may_open(EVERYTHING, p) for p in TRAINING_PAGES)
    assert EVERYTHING.visible_teams(["T09"]) == ["T09"]


def test_the_refusal_says_so_in_both_languages() -> None:
    assert t("app.forbidden", "zh") != t("app.forbidden", "en")
