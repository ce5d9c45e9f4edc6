"""Baseline (b): "hello" from a WSGI application without Django, served by
gunicorn with the site's own configuration (deploy/gunicorn.conf.py) on a
port of its own: what the server and the machine allow before the
framework costs anything."""

BODY = b"hello"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
