"""gunicorn settings for Working Groups: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi`.

Threads rather than more processes: most of a request is waiting on
PostgreSQL, Redis or the disk, and threads share one copy of the code.
"""

import os

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
