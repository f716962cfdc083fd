"""How many of 20 comments from one visitor a 4-worker gunicorn accepts (FEEDBACK_PER_HOUR=5).

Run from the checkout with a database that has a list on notice (its id as LIST_ID):

    VAR_DIR=/tmp/bench LIST_ID=1 .venv/bin/python bench/feedback_rate_limit.py
    VAR_DIR=/tmp/bench LIST_ID=1 CACHE_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/feedback_rate_limit.py

Each visitor posts through the same "proxy" (127.0.0.1) with its own X-Forwarded-For, and
TRUSTED_PROXIES=127.0.0.1, so the count is per visitor and, with a shared cache, across workers.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PORT = 8765
VISITORS = ["203.0.113.7", "198.51.100.2"]


def post_comments(url: str, visitor: str, count: int) -> list[int]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    codes = []
    for n in range(count):
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "message": f"意见 {n}", "name": "", "contact": ""}
        ).encode()
        request = urllib.request.Request(
            url, data=data, headers={"X-Forwarded-For": visitor, "Referer": url}
        )
        try:
            opener.open(request)
            codes.append(200)
        except urllib.error.HTTPError as error:
            codes.append(error.code)
    return codes


def main() -> None:
    env = os.environ | {"FEEDBACK_PER_HOUR": "5", "TRUSTED_PROXIES": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "4", "-b", f"127.0.0.1:{PORT}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(6)
        url = f"http://127.0.0.1:{PORT}/notice/{os.environ['LIST_ID']}/"
        for visitor in VISITORS:
            codes = post_comments(url, visitor, 20)
            print(f"{visitor}: {codes.count(200)} of 20 accepted, {codes.count(429)} refused")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
