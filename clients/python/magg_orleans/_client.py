"""agg(), status(), summary(), cancel(), watch(): the Python API of the old magg tool, run by a Magg.Orleans server."""

import json
import os
import time
import urllib.parse

from ._credentials import earthdata_token as _environment_token
from ._http import DEFAULT_URL, EARTHDATA_HEADER, Server
from ._progress import Progress

__all__ = ["DEFAULT_URL", "LoadedConfig", "agg", "cancel", "load_config", "map_png", "status", "summary", "watch"]

_SUMMARY_KEYS = ("total_cells", "cells_with_data", "cells_error", "total_obs", "wall_time_s", "store_path", "backend")
_DRY_RUN_KEYS = ("dry_run", "total_cells", "granules_per_cell_min", "granules_per_cell_max", "granules_per_cell_avg", "store_path")


class LoadedConfig(dict):
    """A pipeline config read by :func:`load_config`: its YAML ``text`` and ``path`` (the server parses and checks it)."""

    def __init__(self, path, text):
        super().__init__(path=path, text=text)
        self.path = path
        self.text = text


def load_config(path):
    """Reads a magg YAML config file; pass the result to :func:`agg` as ``config``."""
    path = os.path.abspath(os.path.expanduser(os.fspath(path)))
    with open(path, encoding="utf-8") as stream:
        return LoadedConfig(path, stream.read())


def agg(config, *, catalog=None, store=None, backend="local", driver=None, max_cells=None, morton_cell=None, max_workers=None,
        overwrite=False, dry_run=False, function_name=None, region="us-west-2", url=None, token=None, progress=True,
        detach=False, earthdata_token=None, run_id=None):
    """Aggregates a catalog's granules into a Zarr store on the server's cluster and returns magg's dict.

    ``config``: a YAML file path, a built-in name ("atl06") or :func:`load_config`'s result. ``catalog``: a catalog file
    (sent inline when every granule is a URL, else by its absolute path, which the server must allow), a catalog dict, or
    None for the config's. ``store``: ``s3://bucket/prefix`` or a folder on the server. A real run returns
    ``total_cells, cells_with_data, cells_error, total_obs, wall_time_s, store_path, backend, results`` (plus ``run_id``,
    ``status``, ...); a dry run ``dry_run, total_cells, granules_per_cell_min/max/avg, store_path``. Interrupting waits
    cancels the run unless ``detach=True`` (then :func:`watch` reattaches). ``earthdata_token``: the user's own Earthdata
    token for this run's granule reads (sent in a header, kept in the server's memory only); None looks in the notebook's
    environment (:func:`magg_orleans.earthdata_token`), False uses the server's credentials.

    Raises ValueError with the server's message for a request it refuses, ConnectionError naming the URL when the
    server cannot be reached, PermissionError for a missing or wrong ``token``, RuntimeError when the run failed.
    """
    server = Server(url, token)
    body = {
        "config": _config_text(config),
        "backend": backend,
        "overwrite": bool(overwrite),
        "dry_run": bool(dry_run),
        "region": region,
    }
    optional = {"catalog": _catalog(catalog), "store": _store(store), "driver": driver, "max_cells": max_cells,
                "morton_cell": morton_cell, "max_workers": max_workers, "function_name": function_name, "run_id": run_id}
    body.update({key: value for key, value in optional.items() if value is not None})
    secret = _token(earthdata_token)
    headers = {EARTHDATA_HEADER: secret} if secret else None
    code, answer, _ = server.json("POST", "/v1/runs", body, headers)
    if code == 200:
        return {key: answer[key] for key in _DRY_RUN_KEYS}
    return _follow(server, answer["run_id"], progress, detach, secret)


def status(run_id, *, url=None, token=None):
    """The run's progress: ``status``, ``finished``, ``total_cells``, ``cells_done``, ``cells_failed``, ``total_obs``, ..."""
    return Server(url, token).json("GET", _run_path(run_id))[1]


def summary(run_id, *, url=None, token=None):
    """The run's summary with magg's keys and every per-cell result (read page by page)."""
    return _summary(Server(url, token), run_id)


def cancel(run_id, *, url=None, token=None):
    """Cancels the run (no new cell starts); returns its progress."""
    return Server(url, token).json("DELETE", _run_path(run_id))[1]


def watch(run_id, *, url=None, token=None, progress=True, detach=True, earthdata_token=None):
    """Reattaches to a run (from another kernel): shows its progress until it ends, then returns :func:`summary`.
    Interrupting stops watching and leaves the run going unless ``detach=False``."""
    return _follow(Server(url, token), run_id, progress, detach, _token(earthdata_token, quiet=True))


def map_png(run_id, *, variable=None, width=900, height=720, url=None, token=None):
    """A quicklook map of the run's store as PNG bytes (``IPython.display.Image(data=...)`` shows it)."""
    query = {"width": width, "height": height}
    if variable:
        query["variable"] = variable
    return Server(url, token).raw(_run_path(run_id) + "/map.png?" + urllib.parse.urlencode(query))


def _follow(server, run_id, progress, detach, secret):
    display = Progress(run_id, progress)
    try:
        while True:
            last = None
            for event, data in server.events(run_id):
                display.update(data)
                last = data
                if data.get("status") == "needs_credentials":
                    _resupply(server, run_id, secret, display)
                if event == "end":
                    break
            if last is None or not last.get("finished"):
                last = status(run_id, url=server.url, token=server._token)  # the stream ended early: look, then follow again
            if last.get("finished"):
                break
    except KeyboardInterrupt:
        if detach:
            display.note("run %s goes on: watch(%r) reattaches" % (run_id, run_id))
        else:
            display.note("cancelling run %s" % run_id)
            server.json("DELETE", _run_path(run_id))
        raise
    finally:
        display.close()
    result = _summary(server, run_id, wait_report=30.0)
    if result["status"] == "failed":
        raise RuntimeError("run %s failed: %s" % (run_id, result.get("error")))
    return result


def _resupply(server, run_id, secret, display):
    if not secret:
        display.note("run %s waits for its Earthdata token: watch(%r, earthdata_token=...) supplies it" % (run_id, run_id))
        return
    server.json("POST", _run_path(run_id) + "/credentials", None, {EARTHDATA_HEADER: secret})


def _summary(server, run_id, wait_report=0.0):
    path = _run_path(run_id) + "/summary"
    deadline = time.monotonic() + wait_report
    page = server.json("GET", path)[1]
    while not page.get("report_settled") and time.monotonic() < deadline:
        time.sleep(0.2)  # a finished run writes its report next to the data right after
        page = server.json("GET", path)[1]
    results = []
    while True:
        results.extend(page["results"])
        if not page.get("next"):
            break
        page = server.json("GET", page["next"])[1]
    result = {key: page[key] for key in _SUMMARY_KEYS}
    result["results"] = results
    for key in ("run_id", "status", "cells_up_to_date", "granules_failed", "error", "report_html", "report_json", "report_error"):
        result[key] = page.get(key)
    return result


def _run_path(run_id):
    if not run_id or not isinstance(run_id, str):
        raise ValueError("run_id must be a run id such as 'run-20240101-120000-abcdef'")
    return "/v1/runs/" + urllib.parse.quote(run_id, safe="")


def _config_text(config):
    if isinstance(config, LoadedConfig):
        return config.text
    if isinstance(config, os.PathLike):
        config = os.fspath(config)
    if not isinstance(config, str) or not config.strip():
        raise ValueError("config must be a YAML file path, a built-in name such as 'atl06', or load_config(path)'s result")
    if "\n" not in config and os.path.isfile(os.path.expanduser(config)):
        return load_config(config).text
    if "\n" not in config and config.lower().endswith((".yaml", ".yml")):
        raise ValueError("config file %s does not exist" % config)
    return config


def _catalog(catalog):
    if catalog is None or isinstance(catalog, dict):
        return catalog
    path = os.path.abspath(os.path.expanduser(os.fspath(catalog)))
    if path.lower().endswith(".json") and os.path.isfile(path):
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
        granules = [g for cell in (document.get("catalog") or {}).values() for g in cell]
        if all("://" in g for g in granules):
            return document  # URLs only: the server needs nothing of this machine's disk
    return path


def _store(store):
    if store is None:
        return None
    store = os.fspath(store)
    return store if "://" in store else os.path.abspath(os.path.expanduser(store))


def _token(value, quiet=False):
    if value is False:
        return None
    if value:
        return str(value).strip()
    try:
        return _environment_token()
    except (ValueError, PermissionError, ConnectionError, RuntimeError):
        if quiet:
            return None
        raise
