"""Admins grant and revoke roles on the units they manage; others may not."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from registry.choices import Role
from registry.models import Person, RoleAssignment
from tests.conftest import make_user

LIST = reverse("registry:role_list")
REGISTER = reverse("registry:riskpoint_list")


def revoke_url(assignment) -> str:
    return reverse("registry:role_revoke", args=[assignment.pk])


def grant_data(user, role, unit, departments=()) -> dict:
    return {
        "grant-user": user.pk,
        "grant-role": role,
        "grant-unit": unit.pk,
        "grant-departments": [d.pk for d in departments],
    }


def listed(response) -> set[tuple[str, str, str]]:
    return {(a.user.username, a.role, a.unit.code) for a in response.context["page"].object_list}


def fresh(user):
    """The user read again, so no permission or scope cache survives."""
    return get_user_model().objects.get(pk=user.pk)


def register_names(client) -> set[str]:
    return {p.name for p in client.get(REGISTER).context["page"].object_list}


@pytest.fixture
def newcomer(org):
    return make_user("newcomer")


def test_admin_grants_and_revokes_a_department_head(users, org, login, newcomer, make_point):
    make_point(name="税务稽查选案", post=org.tax_inspector)
    admin = login(users["admin"])

    response = admin.post(
        LIST, grant_data(newcomer, Role.DEPARTMENT_HEAD, org.tax, [org.inspection])
    )

    assert response.status_code == 302
    assert "newcomer" in str(list(get_messages(response.wsgi_request))[0])
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.role, assignment.unit) == (Role.DEPARTMENT_HEAD, org.tax)
    assert list(assignment.departments.all()) == [org.inspection]
    assert fresh(newcomer).has_perm("registry.sign_register", org.inspection)
    assert register_names(login(newcomer)) == {"税务稽查选案"}

    response = login(users["admin"]).post(revoke_url(assignment))

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not fresh(newcomer).has_perm("registry.sign_register", org.inspection)
    assert register_names(login(newcomer)) == set()


def test_grant_and_revoke_are_in_history_for_the_auditor(users, org, login, newcomer):
    admin = login(users["admin"])
    admin.post(LIST, grant_data(newcomer, Role.DEPARTMENT_HEAD, org.tax, [org.inspection]))
    assignment = RoleAssignment.objects.get(user=newcomer)
    admin.post(revoke_url(assignment))

    records = RoleAssignment.history.filter(id=assignment.pk)
    assert {r.history_type for r in records} >= {"+", "-"}
    assert {r.history_user for r in records} == {users["admin"]}

    url = reverse("registry:object_history", args=["roleassignment", assignment.pk])
    response = login(users["auditor"]).get(url)
    assert response.status_code == 200
    kinds = {e.record.history_type for e in response.context["entries"]}
    assert kinds >= {"+", "-"}
    assert "newcomer" in response.content.decode()


def test_list_links_each_row_to_its_history_and_offers_revoke(users, org, login):
    response = login(users["admin"]).get(LIST)
    body = response.content.decode()
    taxhead = RoleAssignment.objects.get(user=users["taxhead"])
    assert reverse("registry:object_history", args=["roleassignment", taxhead.pk]) in body
    assert f'action="{revoke_url(taxhead)}"' in body
    assert "csrfmiddlewaretoken" in body
    assert "王采购" in body  # staff's person name next to the login


def test_redirect_after_revoke_keeps_the_list_filters(users, org, login):
    taxhead = RoleAssignment.objects.get(user=users["taxhead"])
    back = f"{LIST}?role=department_head"
    response = login(users["admin"]).post(revoke_url(taxhead), {"next": back})
    assert response.url == back
    response = login(users["admin"]).post(
        revoke_url(RoleAssignment.objects.get(user=users["leader"])),
        {"next": "https://evil.example/"},
    )
    assert response.url == LIST


@pytest.mark.parametrize(
    ("role", "unit", "departments", "field"),
    [
        # A department of the finance bureau named for a role on the tax bureau.
        (Role.DEPARTMENT_HEAD, "tax", ["budget"], "departments"),
        # The leading group covers whole units, not departments.
        (Role.LEADING_GROUP, "tax", ["inspection"], "departments"),
        # A department role must name its departments.
        (Role.LEADER_IN_CHARGE, "tax", [], "departments"),
    ],
)
def test_invalid_grants_name_the_field(users, org, login, newcomer, role, unit, departments, field):
    data = grant_data(newcomer, role, getattr(org, unit), [getattr(org, d) for d in departments])
    response = login(users["admin"]).post(LIST, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert not RoleAssignment.history.filter(user_id=newcomer.pk).exists()


def test_stray_department_error_names_the_department(users, org, login, newcomer):
    data = grant_data(newcomer, Role.DEPARTMENT_HEAD, org.tax, [org.budget])
    response = login(users["admin"]).post(LIST, data)
    assert "预算科" in " ".join(response.context["form"].errors["departments"])


def test_duplicate_grant_is_a_field_error(users, org, login):
    data = grant_data(users["taxhead"], Role.DEPARTMENT_HEAD, org.tax, [org.inspection])
    response = login(users["admin"]).post(LIST, data)

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert RoleAssignment.objects.filter(user=users["taxhead"]).count() == 1


def test_inactive_users_cannot_be_chosen(users, org, login, newcomer):
    newcomer.is_active = False
    newcomer.save()
    response = login(users["admin"]).post(LIST, grant_data(newcomer, Role.AUDITOR, org.tax))
    assert "user" in response.context["form"].errors
    offered = {u.username for u in response.context["form"].fields["user"].queryset}
    assert "admin" in offered and "newcomer" not in offered and "AnonymousUser" not in offered


@pytest.mark.parametrize("name", ["leader", "depthead", "auditor", "nobody"])
def test_non_admins_may_not_manage_roles(users, org, login, newcomer, name):
    client = login(users[name])
    assert client.get(LIST).status_code == 403
    response = client.post(LIST, grant_data(newcomer, Role.AUDITOR, org.tax))
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    taxhead = RoleAssignment.objects.get(user=users["taxhead"])
    assert client.post(revoke_url(taxhead)).status_code == 404
    assert RoleAssignment.objects.filter(pk=taxhead.pk).exists()


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(LIST).status_code == 302


def test_revoke_is_post_only(users, login):
    taxhead = RoleAssignment.objects.get(user=users["taxhead"])
    assert login(users["admin"]).get(revoke_url(taxhead)).status_code == 405


class TestAdminOfOneBureau:
    """An admin whose MANAGE is on the tax bureau only."""

    @pytest.fixture
    def taxadmin(self, users, org, new_user_with_role):
        return new_user_with_role("taxadmin", Role.ADMIN, org.tax)

    def test_sees_only_the_bureaus_assignments(self, taxadmin, users, login):
        response = login(taxadmin).get(LIST)
        assert response.status_code == 200
        assert listed(response) == {
            ("taxhead", Role.DEPARTMENT_HEAD, "TAX"),
            ("taxadmin", Role.ADMIN, "TAX"),
        }

    def test_revoking_a_finance_assignment_is_not_found(self, taxadmin, users, login):
        leader = RoleAssignment.objects.get(user=users["leader"])
        assert login(taxadmin).post(revoke_url(leader)).status_code == 404
        assert RoleAssignment.objects.filter(pk=leader.pk).exists()

    def test_cannot_grant_on_finance(self, taxadmin, org, login, newcomer):
        response = login(taxadmin).post(LIST, grant_data(newcomer, Role.AUDITOR, org.finance))
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
        assert not RoleAssignment.objects.filter(user=newcomer).exists()

    def test_cannot_name_finance_departments(self, taxadmin, org, login, newcomer):
        data = grant_data(newcomer, Role.DEPARTMENT_HEAD, org.tax, [org.budget])
        response = login(taxadmin).post(LIST, data)
        assert "departments" in response.context["form"].errors

    def test_grants_on_the_bureau(self, taxadmin, org, login, newcomer):
        response = login(taxadmin).post(LIST, grant_data(newcomer, Role.LEADING_GROUP, org.tax))
        assert response.status_code == 302
        assert RoleAssignment.objects.filter(user=newcomer, unit=org.tax).exists()


@pytest.fixture
def treasurer(org, new_user_with_role):
    return new_user_with_role("treasurer", Role.UNIT_LEADER, org.treasury)


def test_unit_filter_covers_the_subtree(users, org, login, treasurer):
    response = login(users["admin"]).get(LIST, {"unit": org.finance.pk})
    rows = listed(response)
    assert {"leader", "depthead", "staff", "treasurer"} <= {user for user, _, _ in rows}
    assert {unit for _, _, unit in rows} == {"FIN", "FIN-TP"}


def test_role_filter(users, login):
    rows = listed(login(users["admin"]).get(LIST, {"role": Role.DEPARTMENT_HEAD}))
    assert {"depthead", "taxhead"} <= {user for user, _, _ in rows}
    assert {role for _, role, _ in rows} == {Role.DEPARTMENT_HEAD}


@pytest.mark.parametrize(("q", "expected"), [("王采购", {"staff"}), ("taxh", {"taxhead"})])
def test_user_search_by_login_or_person_name(users, login, q, expected):
    rows = listed(login(users["admin"]).get(LIST, {"q": q}))
    assert {user for user, _, _ in rows} == expected


def test_sorted_by_unit_then_role(users, login):
    rows = login(users["admin"]).get(LIST).context["page"].object_list
    keys = [(a.unit.path, Role.values.index(a.role)) for a in rows]
    assert keys == sorted(keys)


def test_list_reads_a_full_page_in_a_bounded_number_of_queries(
    users, org, login, django_assert_max_num_queries
):
    User = get_user_model()
    people = User.objects.bulk_create([User(username=f"user{i:03}") for i in range(200)])
    assignments = RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=user,
                role=Role.DEPARTMENT_HEAD if i % 2 else Role.POST_HOLDER,
                unit=org.finance,
            )
            for i, user in enumerate(people)
        ]
    )
    Person.objects.bulk_create(
        [Person(unit=org.finance, name=f"干部{i}", user=u) for i, u in enumerate(people[:100])]
    )
    Through = RoleAssignment.departments.through
    Through.objects.bulk_create(
        [
            Through(roleassignment=a, department=org.budget)
            for a in assignments
            if a.role == Role.DEPARTMENT_HEAD
        ]
    )
    client = login(users["admin"])

    with django_assert_max_num_queries(15):
        response = client.get(LIST, {"per_page": 200})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 200
    assert response.content.decode().count("预算科") >= 100


def test_an_admin_cannot_revoke_their_own_admin_role(users, login):
    admin = users["admin"]
    own = RoleAssignment.objects.get(user=admin, role=Role.ADMIN)
    response = login(admin).post(revoke_url(own), follow=True)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    assert any(
        "不能撤销自己的系统管理员角色" in str(m) for m in get_messages(response.wsgi_request)
    )
