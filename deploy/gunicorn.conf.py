"""gunicorn settings for Working Groups: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi`.

Threads rather than more processes: most of a request is waiting on
PostgreSQL, Redis or the disk, and threads share one copy of the code.
"""

import gc
import logging
import os
import sys
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Restart workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
timeout = 60
graceful_timeout = 30
keepalive = 5
# nginx on the same machine is the only proxy whose headers count.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application logs one structured line per request; gunicorn logs errors.
accesslog = None
errorlog = "-"
loglevel = "info"
# Every line in UTC: the workers load Django, which sets the process's time
# zone to TIME_ZONE, while the master never does.
logging.Formatter.converter = time.gmtime

# gunicorn's control socket (gunicornc) defaults to one path for every
# gunicorn of the user, and a server that stops removes it from under the
# others: each service gets its own, in the runtime directory systemd makes
# for it (RuntimeDirectory= in the unit), and none without one.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")
else:
    control_socket_disable = True


def post_worker_init(worker):
    """Once the worker has loaded the site, and the URLconf (which imports
    every view's module, Wagtail's admin among them), move all it holds out
    of the garbage collector's reach: a full collection then walks only what
    requests made, not the whole framework (measured: 170,000 objects, a
    pause of 100 to 500 ms on a busy machine, gone). Not `preload_app`,
    which would also share that memory between workers: a `systemctl
    reload` would then start the workers on the master's old code."""
    django_apps = sys.modules.get("django.apps")
    if django_apps is not None and django_apps.apps.ready:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (imported, not used)
    gc.collect()  # nothing that is already garbage is kept for good
    gc.freeze()
