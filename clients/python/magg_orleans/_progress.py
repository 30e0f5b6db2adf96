"""Progress of a run while a notebook waits: a tqdm bar when tqdm is importable, else a line every few seconds."""

import sys
import time


def _tqdm():
    try:
        import ipywidgets  # noqa: F401  (tqdm's notebook bar needs it)
        from tqdm.auto import tqdm
    except ImportError:
        try:
            from tqdm import tqdm
        except ImportError:
            return None
    return tqdm


class Progress:
    """Shows run progress dicts (the API's progress JSON)."""

    def __init__(self, run_id, enabled=True, every=5.0, stream=None):
        self._run_id = run_id
        self._enabled = enabled
        self._every = every
        self._stream = stream or sys.stderr
        self._tqdm = _tqdm() if enabled else None
        self._bar = None
        self._printed = None

    def update(self, p):
        if not self._enabled:
            return
        done = p["cells_done"] + p["cells_failed"]
        if self._tqdm is not None:
            if self._bar is None:
                self._bar = self._tqdm(total=p["total_cells"], desc="run " + self._run_id, unit="cell", file=self._stream)
            self._bar.total = p["total_cells"]
            self._bar.update(done - self._bar.n)
            self._bar.set_postfix(status=p["status"], obs=p["total_obs"], failed=p["cells_failed"])
            return
        now = time.monotonic()
        if p.get("finished") or self._printed is None or now - self._printed >= self._every:
            self._printed = now
            eta = " eta %.0f s" % p["eta_s"] if p.get("eta_s") is not None else ""
            print("run %s: %s, %d/%d cells, %d failed, %d obs%s" % (
                self._run_id, p["status"], done, p["total_cells"], p["cells_failed"], p["total_obs"], eta), file=self._stream, flush=True)

    def note(self, text):
        if self._enabled:
            print(text, file=self._stream, flush=True)

    def close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
