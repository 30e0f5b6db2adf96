"""The HTTP side: one server (URL and bearer token), JSON requests, problem+json errors, server-sent events."""

import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8080"
EARTHDATA_HEADER = "X-Earthdata-Token"


class Server:
    """A Magg.Orleans HTTP API: ``url`` (default ``MAGG_ORLEANS_URL``) and ``token`` (default ``MAGG_ORLEANS_TOKEN``)."""

    def __init__(self, url=None, token=None, timeout=120.0):
        self.url = (url or os.environ.get("MAGG_ORLEANS_URL") or DEFAULT_URL).rstrip("/")
        self._token = token if token is not None else (os.environ.get("MAGG_ORLEANS_TOKEN") or None)
        self._timeout = timeout

    def json(self, method, path, body=None, headers=None):
        """Sends a request; returns (status, parsed JSON body or None, response headers)."""
        with self._open(method, path, body, headers, self._timeout) as response:
            text = response.read().decode("utf-8")
            return response.status, (json.loads(text) if text else None), response.headers

    def raw(self, path):
        """GETs ``path``; returns the body's bytes."""
        with self._open("GET", path, None, None, self._timeout) as response:
            return response.read()

    def events(self, run_id, timeout=60.0):
        """Yields (event, data) of the run's server-sent events until the stream ends."""
        path = "/v1/runs/%s/events" % urllib.parse.quote(run_id, safe="")
        with self._open("GET", path, None, {"Accept": "text/event-stream"}, timeout) as response:
            event, data = "message", []
            while True:
                try:
                    line = response.readline()
                except (OSError, ValueError) as error:
                    raise ConnectionError("lost the event stream of %s%s: %s" % (self.url, path, error)) from error
                if not line:
                    return
                line = line.decode("utf-8").rstrip("\r\n")
                if not line:
                    if data:
                        yield event, json.loads("\n".join(data))
                    event, data = "message", []
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())

    def _open(self, method, path, body, headers, timeout):
        request = urllib.request.Request(self.url + path, method=method)
        request.add_header("Accept", "application/json")
        if self._token:
            request.add_header("Authorization", "Bearer " + self._token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            request.add_header("Content-Type", "application/json")
        try:
            return urllib.request.urlopen(request, data=data, timeout=timeout)
        except urllib.error.HTTPError as error:
            raise _problem(error, self.url + path) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise ConnectionError("cannot reach the Magg.Orleans server at %s: %s" % (self.url, reason)) from None


def _problem(error, url):
    """The exception for an error answer: the server's problem+json detail (the CLI's message)."""
    try:
        problem = json.loads(error.read().decode("utf-8"))
        detail = problem.get("detail") or problem.get("title") or str(error)
    except (ValueError, OSError, AttributeError):
        detail = "%s %s" % (error.code, error.reason)
    finally:
        error.close()
    if error.code in (400, 409, 413, 422):
        return ValueError(detail)
    if error.code in (401, 403):
        return PermissionError(detail)
    if error.code == 404:
        return LookupError(detail)
    return RuntimeError("%s answered %s: %s" % (url, error.code, detail))
