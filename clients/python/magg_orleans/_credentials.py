"""A notebook user's own Earthdata token (bring your own credentials), found in the notebook's environment."""

import base64
import json
import netrc
import os
import socket
import urllib.error
import urllib.request

EARTHDATA_HOST = "urs.earthdata.nasa.gov"


def earthdata_token(environ=None, netrc_file=None):
    """The user's Earthdata token, or None: in this order ``EARTHDATA_TOKEN``; ``EARTHDATA_USERNAME``/``EARTHDATA_PASSWORD``;
    a ``~/.netrc`` entry for urs.earthdata.nasa.gov (both exchanged for a token at Earthdata Login's token endpoint,
    ``MAGG_EARTHDATA_LOGIN_URL`` or https://urs.earthdata.nasa.gov); a token file named by ``MAGG_EARTHDATA_TOKEN_FILE``.
    Errors never show a password or token."""
    env = os.environ if environ is None else environ
    token = (env.get("EARTHDATA_TOKEN") or "").strip()
    if token:
        return token
    user, password = env.get("EARTHDATA_USERNAME"), env.get("EARTHDATA_PASSWORD")
    if user and password:
        return _exchange(env, user, password, "EARTHDATA_USERNAME/EARTHDATA_PASSWORD")
    path = netrc_file or os.path.join(os.path.expanduser("~"), ".netrc")
    if os.path.isfile(path):
        try:
            entry = netrc.netrc(path).authenticators(EARTHDATA_HOST)
        except (netrc.NetrcParseError, OSError) as error:
            raise ValueError("%s cannot be read: %s" % (path, getattr(error, "msg", error))) from None
        if entry and entry[0] and entry[2]:
            return _exchange(env, entry[0], entry[2], "the %s entry of %s" % (EARTHDATA_HOST, path))
    token_file = env.get("MAGG_EARTHDATA_TOKEN_FILE")
    if token_file:
        try:
            with open(token_file, encoding="utf-8") as stream:
                token = stream.read().strip()
        except OSError as error:
            raise ValueError("MAGG_EARTHDATA_TOKEN_FILE %s cannot be read: %s" % (token_file, error.strerror)) from None
        if not token:
            raise ValueError("MAGG_EARTHDATA_TOKEN_FILE %s is empty" % token_file)
        return token
    return None


def _exchange(env, user, password, source):
    """A token for ``user``: Earthdata Login's existing token, or a new one (find_or_create_token)."""
    base = (env.get("MAGG_EARTHDATA_LOGIN_URL") or "https://" + EARTHDATA_HOST).rstrip("/")
    url = base + "/api/users/find_or_create_token"
    request = urllib.request.Request(url, data=b"", method="POST")
    basic = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
    request.add_header("Authorization", "Basic " + basic)
    request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in (401, 403):
            raise PermissionError("Earthdata Login refused the credentials of %s (%s)" % (source, error.code)) from None
        raise RuntimeError("Earthdata Login (%s) answered %s for %s" % (url, error.code, source)) from None
    except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
        raise ConnectionError("cannot reach Earthdata Login at %s: %s" % (url, getattr(error, "reason", error))) from None
    except ValueError:
        raise RuntimeError("Earthdata Login (%s) did not answer JSON" % url) from None
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not token:
        raise RuntimeError("Earthdata Login (%s) gave no access_token for %s" % (url, source))
    return token
