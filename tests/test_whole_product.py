"""The whole product, as its users meet it: the full demo, every login, every link.

The demo district is seeded once for this module. Then, for every demo login,
every link reachable from the home page is followed (GET only, breadth-first,
one page per URL pattern) and no page may answer 5xx, nor may any link the UI
shows lead to a 403 or a 404, nor may a page of the Chinese UI show an English
word that slipped past gettext (``untranslated_words``). The superuser opens every admin page. Public
notice pages are opened without a login.
"""

import json
import os
import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from registry.demo import FIXTURE_DIR, seed_demo
from registry.models import RiskList

# Links never followed: leaving the site, files served by the web server, the
# language switch and logout (POST forms anyway), and the admin (checked apart).
SKIPPED_PREFIXES = (
    settings.STATIC_URL,
    settings.MEDIA_URL,
    "/accounts/logout",
    "/i18n/",
    "/admin/",
)
NOT_FOLLOWED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:")
PAGE_BUDGET = 1500  # per login; a guard against a crawl that never ends
# Pages opened per URL pattern; more finds more and takes longer (WHOLE_PRODUCT_PER_PATTERN=3).
PER_PATTERN = int(os.environ.get("WHOLE_PRODUCT_PER_PATTERN", "1"))


# Latin words a Chinese page may show: acronyms and names that stay as they are.
ALLOWED_WORDS = {"PDCA", "Excel", "SVG", "PDF", "A4", "Celery", "Redis", "OK", "OpenAPI", "ldap", "oidc"}
# Tokens that are not words: anything with a digit (codes, quarters, "A4"), codes
# and setting names in capitals ("CZ-GK", "ROTATION_MAX_YEARS"), file names and
# addresses. Logins are allowed apart.
NOT_WORDS = re.compile(
    r"\S*\d\S*|\b[A-Z][A-Z_-]*[A-Z]\b|\S+\.(?:xlsx|xls|csv|pdf|svg|png|jpg|docx?)\b"
    r"|\S+@\S+|https?://\S+|\S*\w=\S+"  # the last: directory names (cn=…,dc=…)
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
TEXT_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Text(HTMLParser):
    """Text a person reads on a page: text nodes and the attributes screens show.
    What a form holds (a textarea's text, like an input's value) is data, not UI, and
    code shown to be typed (an HTTP header, a command) stays as it is typed."""

    HIDDEN = {"script", "style", "template", "noscript", "textarea", "code", "kbd"}

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.hidden = 0
        self.lang_stack: list[bool] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "option" and (attrs.get("lang") or "").startswith("en"):
            self.hidden += 1  # the language picker names English in English
            self.lang_stack.append(True)
        elif tag == "option":
            self.lang_stack.append(False)
        if not self.hidden:
            self.chunks += [attrs[name] for name in TEXT_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.chunks.append(attrs["value"])

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1
        if tag == "option" and self.lang_stack and self.lang_stack.pop():
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden and data.strip():
            self.chunks.append(data.strip())


def untranslated_words(html: str, allowed: set[str] = frozenset()) -> list[str]:
    """The text chunks of a Chinese page that contain an English word."""
    parser = _Text()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        words = LATIN_WORD.findall(NOT_WORDS.sub(" ", chunk))
        if any(word not in ALLOWED_WORDS and word not in allowed for word in words):
            found.append(chunk)
    return found


class _Links(HTMLParser):
    """Link targets, and GET forms submitted as they stand (filters with their defaults)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.hrefs: list[str] = []
        self.form: list | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.form = [attrs.get("action") or self.page, []]
        elif self.form is not None and attrs.get("name") and not attrs.get("disabled"):
            self._field(tag, attrs)

    def _field(self, tag, attrs) -> None:
        fields = self.form[1]
        if tag == "input" and attrs.get("type") not in ("checkbox", "radio", "submit", "file"):
            fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and attrs.get("checked") is not None:
            fields.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "select":
            self.select = attrs["name"]
        elif (
            tag == "option"
            and self.select
            and (attrs.get("selected") is not None or not any(k == self.select for k, _ in fields))
        ):
            fields[:] = [(k, v) for k, v in fields if k != self.select]
            fields.append((self.select, attrs.get("value") or ""))

    def handle_endtag(self, tag) -> None:
        if tag == "select":
            self.select = None
        elif tag == "form" and self.form is not None:
            action, fields = self.form
            self.hrefs.append(f"{urlsplit(action).path or self.page}?{urlencode(fields)}")
            self.form = None


def links_of(html: str, page: str) -> list[str]:
    parser = _Links(urlsplit(page).path)
    parser.feed(html)
    return parser.hrefs


def internal_url(href: str, base: str) -> str | None:
    """The site-relative URL of a link worth following, or None."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(NOT_FOLLOWED_SCHEMES):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc not in ("testserver", ""):
            return None
        href = parts.path + (f"?{parts.query}" if parts.query else "")
    elif not href.startswith("/"):
        href = (
            base.rsplit("/", 1)[0] + "/" + href
            if not href.startswith("?")
            else (urlsplit(base).path + href)
        )
    href = urldefrag(href)[0]
    if href.startswith(SKIPPED_PREFIXES):
        return None
    return href


def pattern_of(url: str) -> str:
    """One page per list, filter and sort variant: ids and query values are masked."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$|\.)", "/<id>", parts.path)
    path = re.sub(r"/\d{4}Q\d(?=/|$)", "/<quarter>", path)
    # Blank values are what a filter form sends when nothing is chosen: the same page.
    keys = sorted({key for key, value in parse_qsl(parts.query) if value})
    return path + ("?" + urlencode([(key, "") for key in keys]) if keys else "")


class Crawl:
    """A breadth-first walk of one client's site, recording every failure."""

    def __init__(self, client: Client, who: str) -> None:
        self.client = client
        self.who = who
        self.seen_patterns: Counter = Counter()
        self.seen_urls: set[str] = set()
        self.failures: list[str] = []
        self.untranslated: dict[str, list[str]] = {}
        self.visited = 0

    def run(self, start: str = "/") -> "Crawl":
        queue = deque([(start, "(start)")])
        self.seen_patterns[pattern_of(start)] += 1
        while queue and self.visited < PAGE_BUDGET:
            url, linked_from = queue.popleft()
            for link in self.visit(url, linked_from):
                pattern = pattern_of(link)
                if self.seen_patterns[pattern] < PER_PATTERN and link not in self.seen_urls:
                    self.seen_patterns[pattern] += 1
                    self.seen_urls.add(link)
                    queue.append((link, url))
        return self

    def visit(self, url: str, linked_from: str) -> list[str]:
        self.visited += 1
        response = self.client.get(url)
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = internal_url(response["Location"], url)
            if target is None:
                return []
            url, hops = target, hops + 1
            response = self.client.get(url)
        status = response.status_code
        if status >= 500 or status in (403, 404):
            self.failures.append(
                f"{self.who}: {status} {url}  (linked from {linked_from}){_error(response)}"
            )
            return []
        if not response.get("Content-Type", "").startswith("text/html"):
            return []
        html = response.content.decode(response.charset or "utf-8", errors="replace")
        if english := untranslated_words(html, LOGINS):
            self.untranslated.setdefault(pattern_of(url), english)
        found = [internal_url(href, url) for href in links_of(html, url)]
        found = [link for link in found if link]
        return found


def _error(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    return f"  {exc_info[0].__name__}: {exc_info[1]}" if exc_info else ""


def login_client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


def demo_logins() -> list[str]:
    users = json.loads((FIXTURE_DIR / "users.json").read_text(encoding="utf-8"))["users"]
    return [user["username"] for user in users]


LOGINS = set(demo_logins())  # the change log names people with their login


def crawl_as(username: str) -> Crawl:
    return Crawl(login_client(username), username).run()


@pytest.mark.parametrize("username", demo_logins())
def test_every_page_a_login_reaches_opens(demo, db, username):
    started = time.monotonic()
    crawl = crawl_as(username)
    assert crawl.visited > 5, f"{username} reached only {crawl.visited} pages"
    assert not crawl.failures, (
        f"{len(crawl.failures)} broken pages or links for {username} "
        f"({crawl.visited} pages in {time.monotonic() - started:.0f}s):\n"
        + "\n".join(crawl.failures)
    )
    assert not crawl.untranslated, (
        f"English on {len(crawl.untranslated)} pages of the Chinese UI for {username}:\n"
        + "\n".join(f"{page}: {texts[:8]}" for page, texts in sorted(crawl.untranslated.items()))
    )


def test_public_notice_pages_open_without_login(demo, db):
    noticed = RiskList.objects.exclude(notice_start=None).values_list("pk", flat=True)
    notices = [reverse("registry:notice", args=[pk]) for pk in noticed]
    assert notices, "the demo has no list that went on public notice"
    anonymous = Crawl(login_client(None), "anonymous")
    for url in notices:
        anonymous.run(url)
    assert not anonymous.failures, "\n".join(anonymous.failures)


def test_every_admin_page_opens_for_the_superuser(demo, db):
    superuser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    client = login_client(superuser.username)
    failures = []

    def check(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{response.status_code} {url}{_error(response)}")

    check(reverse("admin:index"))
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        check(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(_admin_request(superuser)):
            check(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            check(reverse(f"{name}_change", args=[first.pk]))
    assert not failures, f"{len(failures)} admin pages fail:\n" + "\n".join(failures)


def _admin_request(user):
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    return request


def test_the_english_check_catches_words_and_passes_codes():
    page = """<html><head><title>台账</title><script>var x = "Save";</script></head><body>
      <h1>风险台账</h1><p>PDCA 2026Q1 CZ-GK report.xlsx inspector ROTATION_MAX_YEARS</p>
      <input placeholder="Search here"><textarea>Typed by a user</textarea>
      <button>Save changes</button></body></html>"""
    assert untranslated_words(page, {"inspector"}) == ["Search here", "Save changes"]
