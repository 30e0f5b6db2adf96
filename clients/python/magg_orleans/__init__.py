"""agg() for notebooks: submit, watch and summarise Magg.Orleans runs over its HTTP API (standard library only).

The server is ``magg-orleans serve`` (an embedded silo) or a cluster silo started with ``--http``. ``url`` and ``token``
default to the ``MAGG_ORLEANS_URL`` (``http://127.0.0.1:8080``) and ``MAGG_ORLEANS_TOKEN`` environment variables.
"""

from ._client import DEFAULT_URL, LoadedConfig, agg, cancel, load_config, map_png, status, summary, watch
from ._credentials import earthdata_token

__all__ = [
    "DEFAULT_URL",
    "LoadedConfig",
    "agg",
    "cancel",
    "earthdata_token",
    "load_config",
    "map_png",
    "status",
    "summary",
    "watch",
]
