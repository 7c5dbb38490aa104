"""gunicorn settings for the web service: the Dockerfile and docker-compose.yml start it
with `--config python:kentsend.gunicorn_conf`.

gunicorn has no setting for its `Server: gunicorn` header, which tells a prober which
server and so which faults to try. Every response's first headers come from
`Response.default_headers`; this drops that one line from them (checked against gunicorn
27 by tests/test_exposure.py, which starts a real gunicorn).
"""

from gunicorn.http import wsgi  # type: ignore[import-untyped]

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self: object) -> list[str]:
    headers: list[str] = _default_headers(self)
    return [h for h in headers if not h.lower().startswith("server:")]


wsgi.Response.default_headers = _headers_without_server
