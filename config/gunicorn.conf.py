"""gunicorn settings for a web node: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Everything can be overridden on the command line or by GUNICORN_CMD_ARGS. The
part that matters for a cluster is Prometheus' multiprocess mode: each worker
process writes its request metrics to PROMETHEUS_MULTIPROC_DIR and a scrape of
any worker adds them up (see config/ops/metrics.py).
"""

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
# One JSON object a line, with the request id the app set (or the proxy sent).
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # Set before the workers fork, so each of them inherits it.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="register-metrics-")

# Imported here, after the folder is set (the client reads it on import), not in
# child_exit: importing it inside the signal handler that reaps workers at
# shutdown could re-enter the import half-way and fail ("partially initialized").
from prometheus_client import multiprocess  # noqa: E402


def on_starting(server) -> None:
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)  # counters of a previous run would add up
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker) -> None:
    multiprocess.mark_process_dead(worker.pid)
