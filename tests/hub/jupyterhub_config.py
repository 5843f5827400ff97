"""JupyterHub configuration for the workshop test: a real hub on loopback, one machine.

Every learner gets their own single-user server process (SimpleLocalProcessSpawner: all
run as the current OS user, each with its own HOME and ``LABKIT_HOME`` under the test's
tmp folder), authenticated by a shared password, behind a real configurable-http-proxy.
The fixture in conftest.py writes the settings (ports, paths, tokens) to a JSON file
named by ``$LABKIT_HUB_SETTINGS``. The instructor-facing part, who the learner is, is
loaded from docs/workshop/labkit_hub.py: the same file The Littlest JupyterHub uses.
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821

settings = json.loads(Path(os.environ["LABKIT_HUB_SETTINGS"]).read_text(encoding="utf-8"))
root = Path(settings["root"])

# -- the hub, the proxy, the database: loopback only, everything in the tmp folder --------
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['public_port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.JupyterHub.db_url = f"sqlite:///{root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(root / "jupyterhub_cookie_secret")  # generated on first start
c.JupyterHub.pid_file = str(root / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [settings["proxy_command"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.pid_file = str(root / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # a hub that stops takes its servers and its proxy with it
c.JupyterHub.cleanup_proxy = True

# -- who may log in: the learners, with the workshop's shared password (JupyterHub >= 5.3) --
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = settings["password"]
c.Authenticator.allowed_users = set(settings["learners"])

# The test's own teardown: a service allowed to list users and stop their servers, nothing else.
c.JupyterHub.services = [{"name": "workshop-teardown", "api_token": settings["service_token"]}]
c.JupyterHub.load_roles = [{
    "name": "workshop-teardown",
    "scopes": ["list:users", "read:servers", "admin:servers"],
    "services": ["workshop-teardown"],
}]

# -- each learner's server: own process, own HOME and LABKIT_HOME, the venv's Jupyter --------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(root / "home" / "{username}")
c.Spawner.cmd = [settings["singleuser"]]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300  # two shared cores and other jobs: be generous
c.Spawner.http_timeout = 300
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV"]
if settings["allow_root"]:  # a CI container running as root; Jupyter refuses root otherwise
    c.Spawner.args = ["--allow-root"]


def labkit_home(spawner):
    """Each learner's labkit folder (progress database, course copy) in their own home."""
    return str(root / "home" / spawner.user.name / ".labkit")


c.Spawner.environment = {
    "LABKIT_HOME": labkit_home,
    # Marks every process this hub starts, so the fixture can prove none is left behind.
    settings["marker_name"]: settings["marker_value"],
    # Real-looking decoy credentials: the learners' labs must hide them (the guard's promise).
    **settings["decoy_env"],
}

# docs/workshop/labkit_hub.py, loaded the way TLJH loads jupyterhub_config.d/*.py (a missing
# file would be skipped silently, hence the check).
snippet = Path(settings["docs_snippet"])
assert snippet.is_file(), f"{snippet} is missing"
load_subconfig(str(snippet))  # noqa: F821
