"""JupyterHub for the coaching kit, on one server.

Start it from the kit's checkout, with the kit installed in the Python that
runs the hub (``pip install -e '.[hub]'``)::

    COACHKIT_ADMIN_STORE=postgresql+psycopg://coachkit_admin:...@db/coachkit \\
    COACHKIT_HUB_STATE=/var/lib/coachkit-hub \\
    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

What it sets up:

- each person's server, started by the spawner's pre-spawn hook
  (:class:`helpers.app.hub.PreSpawn`): their hub groups become roles in the
  store (``coachkit-admin``, ``coachkit-trainer``, ``coachkit-manager:<team>``,
  ``coachkit-learner:<team>``); learners, trainers and managers get the app
  (``coachkit app --hub``), administrators JupyterLab on the kit's notebooks;
- on PostgreSQL each server gets the person's own database login
  (``ensure_login``), never the administrator's URL, which only the hub holds;
  on SQLite every server shares the one file (one machine, no isolation
  between people);
- idle servers stopped by jupyterhub-idle-culler, run by the hub as a service;
- the hub's cookie secret, database and proxy pid file under
  ``COACHKIT_HUB_STATE``.

The authenticator is yours to choose: see "Who may log in" below.
"""

# ruff: noqa: F821  (JupyterHub provides get_config)

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from helpers.app.hub import ADMIN_STORE_ENV, POOL_ENV, PreSpawn, hub_page_words

c = get_config()

KIT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("COACHKIT_HUB_STATE", "/var/lib/coachkit-hub"))
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)

# ---------------------------------------------------------------- the hub's own state
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---------------------------------------------------------------- the proxy
# configurable-http-proxy from the npm registry: the kit's .cache/node (scripts/test-deps.sh
# installs it there), else wherever PATH finds it (npm install -g configurable-http-proxy)
_proxy = KIT / ".cache" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    str(_proxy) if _proxy.exists() else shutil.which("configurable-http-proxy") or str(_proxy)
]

# ---------------------------------------------------------------- people's servers
# The administrator's store URL is read here, in the hub, and handed to no server.
c.Spawner.pre_spawn_hook = PreSpawn(
    admin_store=os.environ[ADMIN_STORE_ENV],
    # each person's local folder (rendered reports, caches), in their home
    var="~{username}/.coachkit",
    # kernels kept ready per page: 1 opens a module at once, 0 saves memory on a small server
    pool=int(os.environ.get(POOL_ENV, "1")),
)
# the app loads the content library before it answers
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# people who are not system users need another spawner (see the docs); with the default
# LocalProcessSpawner each hub user must be a system user of the same name

# ---------------------------------------------------------------- who may log in
# CHOOSE ONE authenticator for production (docs/deploy.md has more), for example
#   the server's own accounts (PAM, JupyterHub's default), limited to named people:
#     c.JupyterHub.authenticator_class = "pam"
#     c.Authenticator.allowed_users = {"R0001", "R0002", "TR01", "M01"}
#   your company's single sign-on (pip install oauthenticator), groups included:
#     c.JupyterHub.authenticator_class = "generic-oauth"
#     c.GenericOAuthenticator.manage_groups = True
#     c.GenericOAuthenticator.auth_state_groups_key = "oauth_user.groups"
#     c.Authenticator.allow_all = True
# JupyterHub lowercases user names; people's ids in the store keep their case (R0001), so
# wrap the chosen class in keep_case (from helpers.app.hub import keep_case):
#     from oauthenticator.generic import GenericOAuthenticator
#     c.JupyterHub.authenticator_class = keep_case(GenericOAuthenticator)
# (or keep every id in the reps file in lower case).
# Roles come from the hub groups coachkit-learner:<team>, coachkit-trainer,
# coachkit-manager:<team> and coachkit-admin: from the single sign-on (manage_groups) or
# set on the hub's admin page. Nobody can log in until an authenticator is chosen here.

# ---------------------------------------------------------------- the hub's own pages
# its error page tells a person who opens someone else's page so, in both languages
c.JupyterHub.template_paths = [str(Path(__file__).parent / "templates")]
c.JupyterHub.template_vars = {"coachkit": hub_page_words()}

# ---------------------------------------------------------------- idle servers
# stopped after an hour without use; the culler runs as a service of the hub with only
# the rights it needs
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
