#!/bin/sh
# Under load: nginx in front of gunicorn (4 workers, config/gunicorn.conf.py), as
# config/deploy/nginx.conf deploys them (proxying, gzip; plain HTTP here), against
# the district bench/register_list.py built, 50 concurrent connections for 60 s, each request
# a random one of: the register list (first page, a filter, a search, a sort, a
# deep page), a risk point, My tasks and the change log, as the inspector, a
# unit leader, a department head and the auditor. Goal: p95 <= 300 ms, no errors.
#
#   DATABASE_URL=postgres://…/reg_bench CACHE_URL=redis://127.0.0.1:6379/1 \
#     sh bench/load.sh [seconds] [connections] [think time ms, e.g. 2000-8000]
#
# Prints, with the load average:
# 1. each kind of request alone (one at a time, median of 5): the server time a
#    page costs when nothing else runs;
# 2. wrk with no think time: each connection sends its next request as soon as
#    the last is answered, 50 clients hammering back to back. On 2 cores this
#    measures throughput: latency is about connections x CPU per request / cores;
# 3. wrk with think time (default 2000-8000 ms, uniform, per connection): 50
#    people who read each page before the next click, which is what the goal's
#    "50 concurrent users" means. wrk does not count the wait in the latency.
#
# Why nginx: gunicorn's sync workers serve one connection at a time and wait for
# its request; a client that keeps a connection open while its user reads a page
# holds a worker idle for seconds (measured straight against gunicorn, 50 users
# with think time: p50 1.4 s at 7 requests/s). nginx reads each request whole
# before it passes it on, which is why the deployment puts it there.
#
# Needs wrk and nginx (Debian: apt-get install wrk nginx).
set -eu
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
CACHE_URL=${CACHE_URL:-${REDIS_URL:?set CACHE_URL (or REDIS_URL) to a Redis database}}
export CACHE_URL
SECONDS_=${1:-60}
CONNECTIONS=${2:-50}
THINK_MS=${3:-2000-8000}
PORT=${LOAD_PORT:-8016}
NGINX_PORT=$((PORT + 1))
VAR_DIR=${VAR_DIR:-$PWD/var}
export DATABASE_URL VAR_DIR
export DJANGO_DEBUG=0 SECRET_KEY=bench-load-not-secret ALLOWED_HOSTS=127.0.0.1 TRUSTED_PROXIES=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 CELERY_BROKER_URL=memory:// LOG_LEVEL=WARNING \
  GUNICORN_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=4
export LOAD_REQUESTS="$VAR_DIR/load-requests.txt"
mkdir -p "$VAR_DIR"
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python - <<'PY'
import os, random
from urllib.parse import quote
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from registry.models import RiskPoint
from registry.paging import _Keys, encode_cursor
from registry.filtersets import ordering_for

random.seed(16)
lines = []
for name in ["scale_inspector", "scale_leader", "scale_head", "scale_auditor"]:
    user = get_user_model().objects.get(username=name)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.cookies["sessionid"].value
    if name == "scale_auditor":
        lines += [f"{session} /history/", f"{session} /history/?model=riskpoint"]
        continue
    visible = RiskPoint.objects.visible_to(user)
    ids = list(visible.order_by("id").values_list("id", flat=True)[:: max(1, visible.count() // 50)][:50])
    keys = _Keys(RiskPoint, ordering_for(""))
    middle = visible.with_list_relations().order_by(*keys.order())[visible.count() // 2]
    paths = ["/register/", "/register/?level=1", "/register/?q=补助资金", "/register/?sort=name",
             "/register/?status=active&sort=-updated", f"/register/?after={encode_cursor(keys.of(middle))}&page=9",
             "/tasks/"] + [f"/register/{pk}/" for pk in random.sample(ids, 5)]
    # Percent-encoded: wrk with a delay() rejects a request line that is not ASCII.
    lines += [f"{session} {quote(path, safe='/?=&')}" for path in paths]
with open(os.environ["LOAD_REQUESTS"], "w") as out:
    out.write("\n".join(lines) + "\n")
print(f"{len(lines)} request kinds written to {os.environ['LOAD_REQUESTS']}")
PY
.venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi --access-logfile /dev/null --error-logfile "$VAR_DIR/load-gunicorn.log" &
GUNICORN=$!
NGINX_DIR="$VAR_DIR/load-nginx"
mkdir -p "$NGINX_DIR/logs"
# The deployment's proxy settings (config/deploy/nginx.conf), without TLS.
cat > "$NGINX_DIR/nginx.conf" <<NGINX
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    upstream register_web { server 127.0.0.1:$PORT; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 25m;
        gzip on;
        gzip_min_length 1024;
        gzip_types text/css application/javascript application/json image/svg+xml;
        location / {
            proxy_pass http://register_web;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Request-ID \$request_id;
            proxy_read_timeout 60s;
        }
    }
}
NGINX
nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' &
NGINX=$!
trap 'kill $GUNICORN $NGINX 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" 2>/dev/null && break; sleep 1; done
# Each kind alone: it must answer 200; the median of 5 is its server time.
echo "load before: $(uptime)"
echo "each kind of request alone (median of 5 ms, KB):"
while read -r session path; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$session" "http://127.0.0.1:$NGINX_PORT$path")
  [ "$code" = 200 ] || echo "warning: $path answered $code"
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total} %{size_download}\n' -H "Accept-Encoding: gzip" -H "Cookie: sessionid=$session" "http://127.0.0.1:$NGINX_PORT$path"
  done | sort -n | sed -n 3p | awk -v path="$path" '{printf "  %7.1f ms %5.0f KB  %s\n", $1 * 1000, $2 / 1024, path}'
done < "$LOAD_REQUESTS"
echo "load: $(uptime)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --timeout 10s -s bench/load.lua "http://127.0.0.1:$NGINX_PORT"
echo "load: $(uptime)"
LOAD_THINK_MS=$THINK_MS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --timeout 10s -s bench/load.lua "http://127.0.0.1:$NGINX_PORT"
echo "load after: $(uptime)"
