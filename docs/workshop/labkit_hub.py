"""labkit on a JupyterHub: tell each learner's kernels who the learner is.

labkit names the learner in every submission from ``$LABKIT_LEARNER``, falling back to
the login name. On a hub the login name is no good: every Kubernetes pod runs as
``jovyan``, and The Littlest JupyterHub prefixes it (``jupyter-alice``). This sets
``LABKIT_LEARNER`` to the JupyterHub user name when the learner's server starts.

The Littlest JupyterHub: copy to ``/opt/tljh/config/jupyterhub_config.d/labkit.py``,
then ``sudo tljh-config reload hub``. Zero to JupyterHub: ``config.yaml`` does the same
with ``singleuser.extraEnv`` (``LABKIT_LEARNER: "{unescaped_username}"``).
"""

c = get_config()  # noqa: F821  (JupyterHub provides get_config in its config files)


def labkit_learner(spawner):
    """The hub's name for the learner: the one they log in with."""
    return spawner.user.name


c.Spawner.environment.update({"LABKIT_LEARNER": labkit_learner})
