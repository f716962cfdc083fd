"""View tests generated in the NetBox manner from one table per app.

Each app's ``tests/<app>/test_permission_matrix_views.py`` declares its views as
rows of ``View``; every row becomes three tests:

- with permission: a user holding ``allowed`` gets through (200, or 302 after a POST);
- without permission: a user holding ``denied``, who reaches the object's unit, is
  refused with a 403 (or sent a 404 where the row says the object stays invisible);
- out of scope: a user holding ``allowed`` on the tax bureau instead of the finance
  bureau asks for a finance object and gets a 404.

The same table is printed into docs/permission-matrix.md; ``UPDATE_DOCS=1`` rewrites
that app's section, and the test fails while the document is stale.
"""

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

from registry.choices import Role, UnitKind
from registry.models import Person, PostTenure, Unit
from tests.conftest import grant, make_user

DOC = Path(__file__).resolve().parents[1] / "docs" / "permission-matrix.md"

# The fixture logins (tests/conftest.py ``users``) and the role each one holds.
ROLE_OF = {
    "inspector": Role.INSPECTOR,
    "leader": Role.UNIT_LEADER,
    "incharge": Role.LEADER_IN_CHARGE,
    "group": Role.LEADING_GROUP,
    "depthead": Role.DEPARTMENT_HEAD,
    "staff": Role.POST_HOLDER,
    "admin": Role.ADMIN,
    "auditor": Role.AUDITOR,
}


@dataclass(frozen=True)
class View:
    name: str  # the URL name
    allowed: str  # a fixture login that may use the view
    denied: str | None = None  # a fixture login that reaches the unit but may not
    obj: str | None = None  # key into the app's ``matrix_objects``: the URL's object
    method: str = "get"
    data: Callable[[dict], dict] | dict = field(default_factory=dict)
    args: Callable[[dict], list] | None = None  # URL arguments when not just the object's pk
    denied_status: int = 403
    ok: frozenset = frozenset({200, 302})
    # Where the out-of-scope login holds its role: the tax bureau, or for objects that
    # belong to the whole district (a cycle, a draw), another district.
    elsewhere: str = "unit"

    @property
    def label(self) -> str:
        return self.name.split(":")[-1]

    def url(self, objects: dict) -> str:
        if self.args is not None:
            args = self.args(objects)
        else:
            args = [objects[self.obj].pk] if self.obj else []
        return reverse(self.name, args=args)

    def request(self, client, objects: dict):
        data = self.data(objects) if callable(self.data) else self.data
        return getattr(client, self.method)(self.url(objects), data)


def outsider(login_name: str, org, elsewhere: str = "unit"):
    """A login holding the same role as ``login_name``, but on the tax bureau
    (or, with ``elsewhere="district"``, on another district)."""
    user = make_user(f"out-{login_name}")
    role = ROLE_OF[login_name]
    if elsewhere == "district":
        other = Unit.objects.create(code="OTHER", name="邻区", kind=UnitKind.DISTRICT)
        grant(user, role, other)
        return user
    if role == Role.POST_HOLDER:
        person = Person.objects.create(
            unit=org.tax, department=org.inspection, name="税务人员", user=user
        )
        PostTenure.objects.create(
            person=person, post=org.tax_inspector, start_date=datetime.date(2024, 1, 1)
        )
    departments = [org.inspection] if role in {Role.LEADER_IN_CHARGE, Role.DEPARTMENT_HEAD} else ()
    grant(user, role, org.tax, departments)
    return user


def generate(app: str, views: list[View], intro: str = ""):
    """The three parametrised tests and the document check for one app's table."""

    @pytest.mark.parametrize("view", views, ids=[v.label for v in views])
    def test_with_permission(view, users, client, matrix_objects):
        client.force_login(users[view.allowed])
        response = view.request(client, matrix_objects)
        assert response.status_code in view.ok, response.status_code

    denied = [v for v in views if v.denied]

    @pytest.mark.parametrize("view", denied, ids=[v.label for v in denied])
    def test_without_permission(view, users, client, matrix_objects):
        client.force_login(users[view.denied])
        assert view.request(client, matrix_objects).status_code == view.denied_status

    scoped = [v for v in views if v.obj]

    @pytest.mark.parametrize("view", scoped, ids=[v.label for v in scoped])
    def test_out_of_scope_is_not_found(view, org, users, client, matrix_objects):
        client.force_login(outsider(view.allowed, org, view.elsewhere))
        assert view.request(client, matrix_objects).status_code == 404

    def test_the_document_shows_this_table():
        table = render(app, views, intro)
        if os.environ.get("UPDATE_DOCS"):
            write_section(app, table)
        assert section(app) == table, "docs/permission-matrix.md is stale: UPDATE_DOCS=1"

    return (
        test_with_permission,
        test_without_permission,
        test_out_of_scope_is_not_found,
        test_the_document_shows_this_table,
    )


def render(app: str, views: list[View], intro: str = "") -> str:
    lines = [f"### {app}", ""]
    if intro:
        lines += [intro, ""]
    lines += [
        "| view | method | with permission | without permission | out of scope |",
        "|---|---|---|---|---|",
    ]
    for v in views:
        without = f"{v.denied}: {v.denied_status}" if v.denied else "—"
        place = "another district" if v.elsewhere == "district" else "another unit"
        scope = f"{v.allowed} of {place}: 404" if v.obj else "— (no object)"
        lines.append(f"| `{v.name}` | {v.method.upper()} | {v.allowed} | {without} | {scope} |")
    return "\n".join(lines) + "\n"


def _markers(app: str) -> tuple[str, str]:
    return f"<!-- matrix:{app} -->\n", f"<!-- /matrix:{app} -->\n"


def section(app: str) -> str:
    start, end = _markers(app)
    found = re.search(re.escape(start) + "(.*?)" + re.escape(end), DOC.read_text("utf-8"), re.S)
    return found.group(1) if found else ""


def write_section(app: str, table: str) -> None:
    start, end = _markers(app)
    text = DOC.read_text("utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    block = start + table + end
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text + "\n" + block
    DOC.write_text(text, "utf-8")


# --- h17api: the same tables asked through the REST API ----------------------------


@dataclass(frozen=True)
class ApiRoute:
    """The API endpoint that answers for a browser view: a URL name under ``api:``."""

    name: str
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    ok: frozenset = frozenset({200, 201})


def api_request(view: View, route: ApiRoute, client, objects: dict):
    args = [objects[view.obj].pk] if view.obj else []
    data = route.data(objects) if route.data else None
    return getattr(client, route.method)(
        reverse(f"api:{route.name}", args=args), data, format="json"
    )


def generate_api(app: str, views: list[View], routes: dict[str, ApiRoute]):
    """The browser table's rows that have an API endpoint, asked with each login's
    personal token: with permission, without (the same 403 or 404), out of scope (404)."""
    from tests.api.support import token_client

    rows = [(v, routes[v.name]) for v in views if v.name in routes and v.method == "get"]
    ids = [f"{v.label}->{r.name}" for v, r in rows]

    @pytest.mark.parametrize("view,route", rows, ids=ids)
    def test_api_with_permission(view, route, users, matrix_objects):
        response = api_request(view, route, token_client(users[view.allowed]), matrix_objects)
        assert response.status_code in route.ok, (response.status_code, response.content[:300])

    denied = [(v, r) for v, r in rows if v.denied]

    @pytest.mark.parametrize("view,route", denied, ids=[f"{v.label}->{r.name}" for v, r in denied])
    def test_api_without_permission(view, route, users, matrix_objects):
        response = api_request(view, route, token_client(users[view.denied]), matrix_objects)
        assert response.status_code == view.denied_status

    scoped = [(v, r) for v, r in rows if v.obj]

    @pytest.mark.parametrize("view,route", scoped, ids=[f"{v.label}->{r.name}" for v, r in scoped])
    def test_api_out_of_scope_is_not_found(view, route, org, matrix_objects):
        client = token_client(outsider(view.allowed, org, view.elsewhere))
        assert api_request(view, route, client, matrix_objects).status_code == 404

    def test_api_document_shows_this_table():
        table = render_api(app, rows)
        if os.environ.get("UPDATE_DOCS"):
            write_section(f"api-{app}", table)
        assert section(f"api-{app}") == table, "docs/permission-matrix.md is stale: UPDATE_DOCS=1"

    return (
        test_api_with_permission,
        test_api_without_permission,
        test_api_out_of_scope_is_not_found,
        test_api_document_shows_this_table,
    )


def render_api(app: str, rows) -> str:
    lines = [
        f"### API: {app}",
        "",
        "The rows of the browser table above that have an endpoint, asked with a personal token.",
        "",
        "| browser view | API endpoint | method | with permission | without permission | out of scope |",
        "|---|---|---|---|---|---|",
    ]
    for v, r in rows:
        without = f"{v.denied}: {v.denied_status}" if v.denied else "—"
        place = "another district" if v.elsewhere == "district" else "another unit"
        scope = f"{v.allowed} of {place}: 404" if v.obj else "— (no object)"
        lines.append(
            f"| `{v.name}` | `api:{r.name}` | {r.method.upper()} | {v.allowed} | {without} | {scope} |"
        )
    return "\n".join(lines) + "\n"
