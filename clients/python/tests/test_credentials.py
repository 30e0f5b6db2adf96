"""earthdata_token(): the notebook environment's Earthdata credentials, in the documented order, against a local fake of
Earthdata Login's token endpoint (http.server on loopback)."""

import base64
import http.server
import json
import os
import tempfile
import threading
import unittest

from magg_orleans import earthdata_token

PASSWORD = "planted-password-4711"


class _FakeEarthdataLogin(http.server.BaseHTTPRequestHandler):
    calls = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        type(self).calls.append((self.path, self.headers.get("Authorization")))
        if self.path != "/api/users/find_or_create_token":
            self.send_error(404)
            return
        user, _, password = base64.b64decode(self.headers.get("Authorization", "Basic ")[6:]).decode().partition(":")
        if password != PASSWORD:
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps({"access_token": "token-of-" + user, "token_type": "Bearer", "expiration_date": "12/31/2099"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class EarthdataTokenTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeEarthdataLogin)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.login = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.netrc = os.path.join(self.folder.name, ".netrc")
        _FakeEarthdataLogin.calls.clear()

    def tearDown(self):
        self.folder.cleanup()

    def _netrc(self, password):
        with open(self.netrc, "w", encoding="utf-8") as stream:
            stream.write("machine urs.earthdata.nasa.gov login netrc-user password %s\n" % password)
        os.chmod(self.netrc, 0o600)

    def _token_file(self):
        path = os.path.join(self.folder.name, "token")
        with open(path, "w", encoding="utf-8") as stream:
            stream.write("  file-token \n")
        return path

    def test_order_token_then_username_then_netrc_then_file(self):
        self._netrc(PASSWORD)
        env = {"MAGG_EARTHDATA_LOGIN_URL": self.login, "EARTHDATA_TOKEN": "env-token", "EARTHDATA_USERNAME": "env-user",
               "EARTHDATA_PASSWORD": PASSWORD, "MAGG_EARTHDATA_TOKEN_FILE": self._token_file()}
        self.assertEqual(earthdata_token(env, self.netrc), "env-token")
        del env["EARTHDATA_TOKEN"]
        self.assertEqual(earthdata_token(env, self.netrc), "token-of-env-user")
        del env["EARTHDATA_USERNAME"]
        self.assertEqual(earthdata_token(env, self.netrc), "token-of-netrc-user")
        os.remove(self.netrc)
        self.assertEqual(earthdata_token(env, self.netrc), "file-token")
        del env["MAGG_EARTHDATA_TOKEN_FILE"]
        self.assertIsNone(earthdata_token(env, self.netrc))
        self.assertEqual([path for path, _ in _FakeEarthdataLogin.calls], ["/api/users/find_or_create_token"] * 2)

    def test_refused_credentials_raise_permission_error_without_the_password(self):
        self._netrc("wrong-" + PASSWORD)
        with self.assertRaises(PermissionError) as caught:
            earthdata_token({"MAGG_EARTHDATA_LOGIN_URL": self.login}, self.netrc)
        self.assertIn("refused the credentials of the urs.earthdata.nasa.gov entry of " + self.netrc, str(caught.exception))
        self.assertNotIn(PASSWORD, str(caught.exception))

    def test_unreachable_login_raises_connection_error_naming_it(self):
        with self.assertRaises(ConnectionError) as caught:
            earthdata_token({"MAGG_EARTHDATA_LOGIN_URL": "http://127.0.0.1:9", "EARTHDATA_USERNAME": "u", "EARTHDATA_PASSWORD": PASSWORD})
        self.assertIn("http://127.0.0.1:9/api/users/find_or_create_token", str(caught.exception))
        self.assertNotIn(PASSWORD, str(caught.exception))

    def test_missing_token_file_is_a_value_error(self):
        with self.assertRaises(ValueError) as caught:
            earthdata_token({"MAGG_EARTHDATA_TOKEN_FILE": os.path.join(self.folder.name, "none")}, self.netrc)
        self.assertIn("MAGG_EARTHDATA_TOKEN_FILE", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
