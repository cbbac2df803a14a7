"""A small cookie-keeping HTTP client for tests against a live server (stdlib only)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid


class Response:
    def __init__(self, status: int, url: str, body: bytes, headers):
        self.status, self.url, self.body, self.headers = status, url, body, headers

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """Follows redirects, keeps cookies, sends the CSRF token like a browser form would."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None) -> Response:
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=data, method=method, headers={"Referer": self.base + "/", **(headers or {})})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return Response(resp.status, resp.url, resp.read(), resp.headers)
        except urllib.error.HTTPError as exc:
            return Response(exc.code, url, exc.read(), exc.headers)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Response:
        fields = {"csrfmiddlewaretoken": self._csrf(), **fields}
        if not files:
            pairs = [(k, v) for k, vals in fields.items() for v in (vals if isinstance(vals, list) else [vals])]
            body = urllib.parse.urlencode(pairs).encode()
            return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for k, (name, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def login(self, username: str, password: str) -> Response:
        self.get("/accounts/login/")
        r = self.post("/accounts/login/", {"username": username, "password": password})
        assert "/accounts/login/" not in r.url, f"login failed for {username}"
        return r

    @staticmethod
    def hidden(html: str, name: str) -> str:
        m = re.search(rf'name="{name}" value="([^"]*)"', html)
        assert m, f"no hidden field {name}"
        return m.group(1)
