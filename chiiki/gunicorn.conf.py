"""Gunicorn settings for production: `gunicorn -c chiiki/gunicorn.conf.py`.

Worker count: ``CHIIKI_WORKERS``, default ``2 × CPU cores + 1`` (5 on a
2-core server). Chiiki's requests are short and CPU-bound in Python (template
rendering, JSON), with a little waiting on PostgreSQL; one sync worker per core
keeps the CPUs busy and the extra workers cover the database waits. More
workers than that only add memory (about 80 MB each) and context switches: on
the 2-core benchmark machine 5 workers gave the best requests per second (see
docs/benchmarks.md, "HTTP throughput", and docs/deploy.md).

Everything else can be set from the environment as well, so the same file
serves every app server behind a load balancer.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "chiiki.wsgi:application"
bind = os.environ.get("CHIIKI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CHIIKI_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Load the application once in the master: faster restarts, shared memory pages.
preload_app = True
# A request that takes longer than this is stuck (a report import of 200,000
# rows takes under 10 s); the worker is replaced.
timeout = int(os.environ.get("CHIIKI_WORKER_TIMEOUT", 60))
graceful_timeout = 30
# Keep-alive behind a load balancer that reuses connections.
keepalive = int(os.environ.get("CHIIKI_KEEPALIVE", 5))
# Recycle workers now and then: bounds any slow memory growth. Not often: a
# fresh worker starts with an empty cache, and at 1,000,000 outcome rows its
# first dashboard costs ~3 s (the warm one ~6 ms). At 5,000 requests a busy
# 2-core server restarted a worker every few seconds and the cold renders
# showed in the p95 (docs/benchmarks.md).
max_requests = int(os.environ.get("CHIIKI_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
# Request heads: gunicorn's defaults, stated (a longer line or more or larger
# header fields answer 400 before Django runs). Gunicorn has no body limit:
# the body is bounded by nginx's client_max_body_size and, before anything is
# read, by Chiiki itself (CHIIKI_MAX_REQUEST_BYTES, chiiki/request_guard.py).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Behind a TLS-terminating proxy: trust its X-Forwarded-* headers. (The
# client's address for login lockout and the audit trail is Django's
# CHIIKI_TRUSTED_PROXIES; keep both at the proxy's address.)
forwarded_allow_ips = os.environ.get("CHIIKI_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("CHIIKI_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
loglevel = os.environ.get("CHIIKI_GUNICORN_LOG_LEVEL", "info")
