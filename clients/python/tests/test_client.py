"""The Python client against a real ``magg-orleans serve`` process (started by the C# test PythonClientTests).

Environment: MAGG_ORLEANS_URL, MAGG_ORLEANS_TOKEN (the server's), MAGG_TEST_CATALOG (the small fixture's catalog, which the
server may read), MAGG_TEST_FOLDER (a folder the server may write stores into), MAGG_TEST_CONFIG (magg's atl06.yaml).
"""

import contextlib
import io
import json
import os
import unittest
import uuid

import magg_orleans
from magg_orleans import _progress

URL = os.environ.get("MAGG_ORLEANS_URL")


def _expected_obs():
    with open(os.environ["MAGG_TEST_CATALOG"], encoding="utf-8") as stream:
        return sum(json.load(stream)["metadata"]["synthetic"]["cell_quality0_segments"].values())


def _store(name):
    return os.path.join(os.environ["MAGG_TEST_FOLDER"], name + "-" + uuid.uuid4().hex[:8] + ".zarr")


def _empty_cells_catalog(count):
    cells = {}
    for i in range(count):
        digits, rest = [], i
        for _ in range(6):
            digits.append(str(1 + rest % 4))
            rest //= 4
        cells["1" + "".join(reversed(digits))] = []
    return {"metadata": {"parent_order": 6}, "catalog": cells}


@unittest.skipUnless(URL, "MAGG_ORLEANS_URL is not set: these tests need a running magg-orleans serve")
class ClientTests(unittest.TestCase):
    def setUp(self):
        self.catalog = os.environ["MAGG_TEST_CATALOG"]

    def test_dry_run_returns_maggs_dict_and_touches_nothing(self):
        store = _store("dry")
        result = magg_orleans.agg("atl06", catalog=self.catalog, store=store, dry_run=True, progress=False)
        self.assertEqual(result, {"dry_run": True, "total_cells": 5, "granules_per_cell_min": 1, "granules_per_cell_max": 3,
                                  "granules_per_cell_avg": 1.8, "store_path": store})
        self.assertFalse(os.path.exists(store))

    def test_agg_returns_maggs_dict_with_every_cell(self):
        store = _store("run")
        result = magg_orleans.agg(magg_orleans.load_config(os.environ["MAGG_TEST_CONFIG"]), catalog=self.catalog, store=store,
                                  max_workers=2, progress=False)
        for key in ("total_cells", "cells_with_data", "cells_error", "total_obs", "wall_time_s", "store_path", "backend", "results"):
            self.assertIn(key, result)
        self.assertEqual((result["total_cells"], result["cells_error"], result["total_obs"], result["store_path"], result["backend"]),
                         (5, 0, _expected_obs(), store, "local"))
        self.assertEqual(result["status"], "completed")
        self.assertEqual(len(result["results"]), 5)
        self.assertEqual(set(result["results"][0]) >= {"parent_morton", "cells_with_data", "total_obs", "granule_count",
                                                       "files_processed", "duration_s", "error"}, True)
        self.assertTrue(os.path.isfile(os.path.join(store, "zarr.json")))
        self.assertEqual(result["report_html"], os.path.join(store, "_magg", "runs", result["run_id"] + ".html"))
        self.assertTrue(os.path.isfile(result["report_html"]))

        again = magg_orleans.summary(result["run_id"])
        self.assertEqual(again["total_obs"], result["total_obs"])
        self.assertEqual(magg_orleans.status(result["run_id"])["status"], "completed")
        self.assertEqual(magg_orleans.watch(result["run_id"], progress=False)["results"], result["results"])
        self.assertTrue(magg_orleans.map_png(result["run_id"], width=300, height=240).startswith(b"\x89PNG\r\n\x1a\n"))

    def test_progress_is_shown_while_waiting(self):
        output = io.StringIO()
        with contextlib.redirect_stderr(output):
            result = magg_orleans.agg("atl06", catalog=self.catalog, store=_store("progress"), morton_cell="-6121212")
        self.assertIn("run " + result["run_id"], output.getvalue())
        self.assertEqual(result["total_cells"], 1)

    def test_plain_lines_without_tqdm(self):
        output = io.StringIO()
        shown = _progress.Progress("r1", stream=output)
        shown._tqdm = None
        shown.update({"status": "running", "finished": False, "total_cells": 4, "cells_done": 1, "cells_failed": 1, "total_obs": 7, "eta_s": 3.0})
        shown.update({"status": "running", "finished": False, "total_cells": 4, "cells_done": 2, "cells_failed": 1, "total_obs": 9, "eta_s": 2.0})
        shown.update({"status": "completed", "finished": True, "total_cells": 4, "cells_done": 3, "cells_failed": 1, "total_obs": 12, "eta_s": None})
        self.assertEqual(output.getvalue().splitlines(), [
            "run r1: running, 2/4 cells, 1 failed, 7 obs eta 3 s",
            "run r1: completed, 4/4 cells, 1 failed, 12 obs",
        ])

    def test_bad_request_raises_value_error_with_the_servers_message(self):
        with self.assertRaises(ValueError) as caught:
            magg_orleans.agg("atl06", catalog=self.catalog, store=_store("bad"), backend="x", progress=False)
        self.assertEqual(str(caught.exception), "Unknown backend 'x'; choose one of: local, lambda.")
        with self.assertRaises(ValueError) as caught:
            magg_orleans.agg("atl06", catalog=self.catalog, store=_store("bad"), morton_cell=-1111111, progress=False)
        self.assertIn("morton_cell -1111111 not in catalog", str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            magg_orleans.agg("missing.yaml", catalog=self.catalog, store=_store("bad"))
        self.assertEqual(str(caught.exception), "config file missing.yaml does not exist")

    def test_unknown_run_raises_lookup_error(self):
        with self.assertRaises(LookupError) as caught:
            magg_orleans.status("no-such-run")
        self.assertEqual(str(caught.exception), "no run 'no-such-run' on this cluster")

    def test_unreachable_server_raises_connection_error_naming_the_url(self):
        with self.assertRaises(ConnectionError) as caught:
            magg_orleans.status("x", url="http://127.0.0.1:9")
        self.assertIn("http://127.0.0.1:9", str(caught.exception))

    def test_wrong_token_raises_permission_error(self):
        with self.assertRaises(PermissionError) as caught:
            magg_orleans.status("x", token="not-the-token-0123456789")
        self.assertEqual(str(caught.exception), "the bearer token is not this server's")

    def test_interrupt_cancels_the_run_unless_detached(self):
        interrupted = {"n": 0}
        original = _progress.Progress.update

        def interrupt(self, p):
            original(self, p)
            interrupted["n"] += 1
            raise KeyboardInterrupt

        run_id = "py-cancel-" + uuid.uuid4().hex[:8]
        _progress.Progress.update = interrupt
        try:
            with self.assertRaises(KeyboardInterrupt):
                magg_orleans.agg("atl06", catalog=_empty_cells_catalog(3000), store=_store("cancel"), max_workers=1, run_id=run_id, progress=False)
        finally:
            _progress.Progress.update = original
        self.assertEqual(interrupted["n"], 1)
        final = magg_orleans.watch(run_id, progress=False)
        self.assertEqual(final["status"], "cancelled")

        detached_id = "py-detach-" + uuid.uuid4().hex[:8]
        _progress.Progress.update = interrupt
        try:
            with self.assertRaises(KeyboardInterrupt):
                magg_orleans.agg("atl06", catalog=self.catalog, store=_store("detach"), run_id=detached_id, detach=True, progress=False)
        finally:
            _progress.Progress.update = original
        self.assertEqual(magg_orleans.watch(detached_id, progress=False)["status"], "completed")

    def test_cancel_returns_progress(self):
        run_id = "py-cancel2-" + uuid.uuid4().hex[:8]
        _progress.Progress.update = _raise_interrupt
        try:
            with self.assertRaises(KeyboardInterrupt):
                magg_orleans.agg("atl06", catalog=_empty_cells_catalog(2000), store=_store("cancel2"), max_workers=1, run_id=run_id,
                                 detach=True, progress=False)
        finally:
            _progress.Progress.update = _ORIGINAL_UPDATE
        answer = magg_orleans.cancel(run_id)
        self.assertEqual(answer["run_id"], run_id)
        self.assertEqual(magg_orleans.watch(run_id, progress=False)["status"], "cancelled")


_ORIGINAL_UPDATE = _progress.Progress.update


def _raise_interrupt(self, p):
    raise KeyboardInterrupt


if __name__ == "__main__":
    unittest.main()
