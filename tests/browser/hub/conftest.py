"""A real JupyterHub on loopback with the kit's deploy config, for the hub tests.

The hub runs ``deploy/jupyterhub/jupyterhub_config.py`` plus the test's
overrides: free loopback ports, a throw-away state folder, JupyterHub's
``SimpleLocalProcessSpawner`` (servers as the current user), its shared-password
authenticator, groups that give the kit's roles, and the proxy from
``.cache/node``. Every process it starts (hub, proxy, culler, servers,
kernels) is stopped afterwards, whatever happened.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from tests.app_server import collect_output, free_port, wait_answering
from tests.pg import owned_database

PROJECT = Path(__file__).resolve().parents[3]
DEPLOY = PROJECT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = PROJECT / ".cache" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "coachkit-test-password"
"""The shared password of every test user (not a secret: loopback, throw-away hub)."""

LEARNER_A = "R0001"
LEARNER_B = "R0007"
TRAINER = "TR01"
MANAGER = "M01"
ADMIN = "AD01"
GROUPS = {
    "coachkit-learner:T01": [LEARNER_A],
    "coachkit-learner:T02": [LEARNER_B],
    "coachkit-trainer": [TRAINER],
    "coachkit-manager:T01": [MANAGER],
    "coachkit-admin": [ADMIN],
}
"""The hub groups of the test users: two learners of the sample data, a trainer, the
manager of the first learner's team and an administrator."""

OVERRIDES = """\
# the kit's deploy config, then what only the test changes
load_subconfig({deploy!r})

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

import os

from helpers.app.hub import PreSpawn, keep_case

c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.JupyterHub.authenticator_class = keep_case(SharedPasswordAuthenticator)
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.load_groups = {groups!r}
# each person's folder in the test's state; no kernels kept ready (three servers, two cores)
# JupyterLab refuses to run as root unless told (CI runs as root; real servers never do)
c.Spawner.pre_spawn_hook = PreSpawn(
    admin_store={admin!r},
    var={users_var!r} + "/{{username}}",
    pool=0,
    lab_args=["--allow-root"] if os.geteuid() == 0 else [],
)
"""


@dataclass
class Hub:
    """A running hub: its public URL, the admin store, what it printed, what it started."""

    url: str
    admin_store: str
    state: Path
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    seen: dict[int, psutil.Process] = field(default_factory=dict)

    def log(self) -> str:
        return "".join(self.lines)

    def user_url(self, person: str) -> str:
        return f"{self.url}user/{person}/"

    def track(self) -> None:
        """Remember every process the hub has started so far (servers start their own
        sessions, so they are found through the process tree, not the process group)."""
        try:
            hub = psutil.Process(self.process.pid)
            for p in [hub, *hub.children(recursive=True)]:
                self.seen.setdefault(p.pid, p)
        except psutil.NoSuchProcess:
            pass

    def server_pid(self, person: str) -> int:
        """The process id of ``person``'s running server."""
        self.track()
        for p in self.seen.values():
            try:
                server = "--hub" in p.cmdline() or "jupyterhub.singleuser" in p.cmdline()
                if server and p.is_running() and p.environ().get("JUPYTERHUB_USER") == person:
                    return p.pid
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        raise AssertionError(f"no server of {person} is running")

    def stop(self) -> list[str]:
        """Stop the hub (it stops the servers and the proxy); end anything left over.

        Returns what had to be killed.
        """
        self.track()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        left = [p for p in self.seen.values() if _alive(p)]
        for p in left:
            p.kill()
        psutil.wait_procs(left, timeout=10)
        return [" ".join(p.cmdline()[:4]) for p in left if _cmdline(p)]


def _alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return ["?"]


def load_sample_organisation(admin_store: str) -> None:
    """The sample organisation (reps, accounts, contacts, deals) in the store; none of its
    learning or scoring history, which the test makes itself."""
    from helpers.config import get_settings
    from helpers.report.ingest.load import ingest
    from helpers.store import Store

    data = get_settings().data
    assert data is not None
    store = Store(admin_store)
    for kind in ("reps", "accounts", "contacts", "deals"):
        ingest(kind, data / "sample" / f"{kind}.csv", store)
    store.engine.dispose()


def start_hub(tmp: Path, admin_store: str) -> Hub:
    """Start JupyterHub with the deploy config and the test's overrides."""
    assert PROXY.exists(), f"{PROXY} is missing: run scripts/test-deps.sh (installs it from npm)"
    state, homes, users_var = tmp / "state", tmp / "homes", tmp / "users"
    for folder in (state, homes, users_var):
        folder.mkdir()
    port = free_port()
    config = tmp / "jupyterhub_config.py"
    config.write_text(
        OVERRIDES.format(
            deploy=str(DEPLOY),
            port=port,
            hub_port=free_port(),
            api_port=free_port(),
            homes=str(homes),
            password=PASSWORD,
            users={LEARNER_A, LEARNER_B, TRAINER, MANAGER, ADMIN},
            groups=GROUPS,
            admin=admin_store,
            users_var=str(users_var),
        ),
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COACHKIT_", "JUPYTERHUB_", "JPY_"))
    }
    env.update(
        COACHKIT_ADMIN_STORE=admin_store,
        COACHKIT_HUB_STATE=str(state),
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT / "src"), env.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=tmp,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    hub = Hub(f"http://127.0.0.1:{port}/", admin_store, state, process)
    collect_output(process, hub.lines)
    try:
        if wait_answering(process, f"{hub.url}hub/api/", 90):
            hub.track()
            return hub
    except RuntimeError:
        raise RuntimeError("the hub did not start:\n" + hub.log()) from None
    hub.stop()
    raise TimeoutError("the hub did not answer:\n" + hub.log())


@pytest.fixture
def hub(tmp_path: Path, postgres_server: str) -> Iterator[Hub]:
    """A real JupyterHub with the deploy config on loopback, stopped afterwards.

    Its store is a PostgreSQL database with the kit's roles (``coachkit db
    init-roles``), owned by the administrator, whose URL only the hub holds.
    """
    from helpers.store import access

    with owned_database(postgres_server, "hub") as db:
        load_sample_organisation(db.url)
        access.init_roles(db.url)
        running = start_hub(tmp_path, db.url)
        try:
            yield running
        finally:
            left = running.stop()
            (tmp_path / "hub.log").write_text(running.log(), encoding="utf-8")
            print("left running after the hub stopped, killed:", left)
