#!/usr/bin/env bash
# Check the deployment files without a container engine: the compose file as
# docker-compose reads it, and nginx's configuration as nginx parses it.
# Used by .ci/run; needs Debian's docker-compose and nginx packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -r "$here" "$work/deploy"
cp "$here/env.example" "$work/deploy/.env"
docker-compose -f "$work/deploy/compose.yaml" --project-directory "$work/deploy" config -q
echo "compose.yaml: valid ($(docker-compose -f "$work/deploy/compose.yaml" --project-directory "$work/deploy" config --services | tr '\n' ' '))"

# nginx resolves upstream names when it loads; here they are not on a network,
# so they stand in as 127.0.0.1, and a throwaway certificate stands in for TLS.
mkdir -p "$work/nginx/certs"
sed -e 's/web[12]:8000/127.0.0.1:8000/' \
    -e "s#/etc/nginx/certs#$work/nginx/certs#" "$here/nginx.conf" > "$work/nginx/site.conf"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/nginx/certs/privkey.pem" -out "$work/nginx/certs/fullchain.pem" 2>/dev/null
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log stderr;
events {}
http { include $work/nginx/site.conf; }
CONF
nginx -t -q -c "$work/nginx/nginx.conf"
echo "nginx.conf: valid"
