"""Unit administrators manage their own organisation, and nothing outside it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registry import organisation as services
from registry.choices import Role, UnitKind
from registry.models import Department, Person, Post, PostTenure, RiskCategory, Unit


@pytest.fixture
def finadmin(org, new_user_with_role):
    """Administrator of the finance bureau (and its sub-unit), not of the tax bureau."""
    return new_user_with_role("finadmin", Role.ADMIN, org.finance)


# Services ------------------------------------------------------------------


def test_adding_a_sub_unit_records_who(org, finadmin):
    unit = services.unit_save(
        unit=Unit(
            parent=org.finance, code="FIN-NEW", name="非税收入中心", kind=UnitKind.INSTITUTION
        ),
        by=finadmin,
    )
    assert unit.path == f"{org.finance.path}{unit.pk}/"
    assert unit.history.first().history_user == finadmin


def test_a_unit_admin_cannot_add_a_unit_to_another_unit(org, finadmin):
    with pytest.raises(PermissionDenied):
        services.unit_save(
            unit=Unit(parent=org.tax, code="TAX-1", name="稽查局", kind=UnitKind.ORGAN), by=finadmin
        )
    assert not Unit.objects.filter(code="TAX-1").exists()


def test_moving_a_unit_rewrites_its_subtree(org, finadmin):
    office = services.unit_save(
        unit=Unit(parent=org.finance, code="FIN-OFF", name="办公室分部", kind=UnitKind.ORGAN),
        by=finadmin,
    )
    below = Unit.objects.create(
        parent=org.treasury, code="FIN-TP-1", name="支付科", kind=UnitKind.ORGAN
    )
    org.treasury.parent = office
    services.unit_save(unit=org.treasury, by=finadmin)

    below.refresh_from_db()
    assert below.path == f"{org.finance.path}{office.pk}/{org.treasury.pk}/{below.pk}/"
    assert below.depth == 4


def test_a_unit_cannot_move_below_itself_nor_out_of_reach(org, finadmin):
    below = Unit.objects.create(
        parent=org.treasury, code="FIN-TP-1", name="支付科", kind=UnitKind.ORGAN
    )
    org.treasury.parent = below
    with pytest.raises(ValidationError):
        services.unit_save(unit=org.treasury, by=finadmin)
    treasury = Unit.objects.get(pk=org.treasury.pk)
    treasury.parent = org.tax
    with pytest.raises(PermissionDenied):
        services.unit_save(unit=treasury, by=finadmin)
    assert Unit.objects.get(pk=org.treasury.pk).parent_id == org.finance.pk


def test_a_unit_admin_renames_their_own_unit(org, finadmin):
    org.finance.name = "区财政局（改）"
    services.unit_save(unit=org.finance, by=finadmin)
    assert Unit.objects.get(pk=org.finance.pk).name == "区财政局（改）"


def test_a_service_refuses_another_units_post_even_if_the_form_forgot(org, finadmin):
    post = Post(unit=org.tax, department=org.inspection, name="新岗")
    with pytest.raises(PermissionDenied):
        services.post_save(post=post, by=finadmin)
    org.tax_inspector.name = "改名"
    with pytest.raises(PermissionDenied):
        services.post_save(post=org.tax_inspector, by=finadmin)


def test_rotation_ends_the_old_tenure_and_starts_the_new_one(org, users, finadmin):
    newcomer = Person.objects.create(unit=org.finance, department=org.procurement, name="新人")
    on = datetime.date(2026, 3, 1)
    services.rotation_record(post=org.buyer, person=newcomer, on=on, by=finadmin)

    tenures = {t.person.name: t for t in PostTenure.objects.filter(post=org.buyer)}
    assert tenures["王采购"].end_date == datetime.date(2026, 2, 28)
    assert tenures["新人"].start_date == on and tenures["新人"].end_date is None
    assert tenures["王采购"].history.first().history_user == finadmin


def test_rotation_to_the_present_holder_is_refused(org, users, finadmin):
    holder = Person.objects.get(name="王采购")
    with pytest.raises(ValidationError):
        services.rotation_record(
            post=org.buyer, person=holder, on=datetime.date(2026, 3, 1), by=finadmin
        )


def test_a_login_is_created_and_a_reset_email_sent(org, finadmin, settings):
    person = Person.objects.create(unit=org.finance, name="李新")
    user = services.login_save(
        person=person, username="lixin", email="lixin@example.org", is_active=True, by=finadmin
    )
    assert not user.has_usable_password()
    services.password_reset_send(person=person, by=finadmin)

    assert mail.outbox[-1].to == ["lixin@example.org"]
    assert "/accounts/reset/" in mail.outbox[-1].body


def test_a_login_name_taken_names_the_field(org, users, finadmin):
    person = Person.objects.create(unit=org.finance, name="李新")
    with pytest.raises(ValidationError) as error:
        services.login_save(person=person, username="STAFF", email="", is_active=True, by=finadmin)
    assert "username" in error.value.message_dict


def test_a_unit_admin_cannot_touch_a_superuser_login(org, finadmin):
    from tests.conftest import make_user

    boss = make_user("boss", superuser=True)
    person = Person.objects.create(unit=org.finance, name="总管", user=boss)
    with pytest.raises(PermissionDenied):
        services.login_save(person=person, username="boss", email="", is_active=False, by=finadmin)


# Views: with permission, without, out of scope ------------------------------


def test_the_nav_offers_organisation_only_to_administrators(org, users, finadmin, login):
    assert 'id="nav-org"' in login(finadmin).get(reverse("registry:riskpoint_list")).text
    assert 'id="nav-org"' not in login(users["staff"]).get(reverse("registry:riskpoint_list")).text


@pytest.mark.parametrize(
    "name,args",
    [
        ("registry:org_unit", "tax"),
        ("registry:org_unit_edit", "tax"),
        ("registry:org_unit_add", "tax"),
        ("registry:org_export", "tax"),
        ("registry:org_post", "tax_inspector"),
        ("registry:org_post_edit", "tax_inspector"),
        ("registry:org_department_add", "tax"),
        ("registry:org_department_edit", "inspection"),
    ],
)
def test_another_units_organisation_is_a_404(org, finadmin, login, name, args):
    response = login(finadmin).get(reverse(name, args=[getattr(org, args).pk]))
    assert response.status_code == 404


def test_without_the_admin_role_the_pages_are_a_403(org, users, login):
    client = login(users["leader"])
    assert client.get(reverse("registry:org_index")).status_code == 403
    assert client.get(reverse("registry:org_unit", args=[org.finance.pk])).status_code == 403


def test_an_admin_adds_a_department_and_a_key_post(org, finadmin, login):
    client = login(finadmin)
    response = client.post(
        reverse("registry:org_department_add", args=[org.finance.pk]),
        {"name": "综合科", "sort_order": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    department = Department.objects.get(unit=org.finance, name="综合科")
    response = client.post(
        reverse("registry:org_post_add", args=[org.finance.pk]),
        {"department": department.pk, "name": "资金审核岗", "is_key_post": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Post.objects.get(name="资金审核岗").is_key_post
    page = client.get(reverse("registry:org_unit", args=[org.finance.pk])).text
    assert "资金审核岗" in page and "关键岗位" in page


def test_a_post_form_cannot_take_another_units_department(org, finadmin, login):
    response = login(finadmin).post(
        reverse("registry:org_post_add", args=[org.finance.pk]),
        {"department": org.inspection.pk, "name": "混入岗", "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Post.objects.filter(name="混入岗").exists()


def test_an_admin_creates_a_login_with_email(org, finadmin, login):
    person = Person.objects.create(unit=org.finance, name="李新")
    response = login(finadmin).post(
        reverse("registry:org_person_login", args=[person.pk]),
        {"username": "lixin", "email": "lixin@example.org", "is_active": "on",
         "password": "Quite-long-pass-42", "send_reset": ""},
    )  # fmt: skip
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.email == "lixin@example.org"
    assert person.user.check_password("Quite-long-pass-42")


def test_a_weak_initial_password_is_refused_on_the_form(org, finadmin, login):
    person = Person.objects.create(unit=org.finance, name="李新")
    response = login(finadmin).post(
        reverse("registry:org_person_login", args=[person.pk]),
        {"username": "lixin", "email": "", "is_active": "on", "password": "123"},
    )
    assert response.status_code == 200
    assert "密码" in response.text
    assert Person.objects.get(pk=person.pk).user is None


def test_rotation_from_the_post_page(org, users, finadmin, login):
    newcomer = Person.objects.create(unit=org.finance, name="新人")
    response = login(finadmin).post(
        reverse("registry:org_post", args=[org.buyer.pk]),
        {"rotation-person": newcomer.pk, "rotation-on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert (
        PostTenure.objects.current(datetime.date(2026, 3, 2)).get(post=org.buyer).person == newcomer
    )


def test_the_reset_link_lets_the_person_choose_a_password(org, finadmin, client):
    person = Person.objects.create(unit=org.finance, name="李新")
    services.login_save(
        person=person, username="lixin", email="lixin@example.org", is_active=True, by=finadmin
    )
    services.password_reset_send(person=person, by=finadmin)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "设置" in form_page.text or "密码" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Quite-long-pass-42", "new_password2": "Quite-long-pass-42"},
        follow=True,
    )
    assert done.status_code == 200
    person.user.refresh_from_db()
    assert person.user.check_password("Quite-long-pass-42")


def test_any_administrator_adds_a_risk_category(org, finadmin, users, login):
    response = login(finadmin).post(
        reverse("registry:org_category_add"),
        {"name": "廉洁自律风险", "sort_order": 9, "is_active": "on"},
    )
    assert response.status_code == 302
    assert RiskCategory.objects.get(name="廉洁自律风险").history.first().history_user == finadmin
    assert login(users["leader"]).get(reverse("registry:org_categories")).status_code == 403


def test_power_categories_are_managed_in_the_powers_app(org, finadmin, login):
    from powers.models import PowerCategory

    response = login(finadmin).post(
        reverse("powers:category_add"), {"name": "行政奖励", "sort_order": 20, "is_active": "on"}
    )
    assert response.status_code == 302
    assert PowerCategory.objects.filter(name="行政奖励").exists()


def test_the_unit_page_takes_a_fixed_number_of_queries(
    org, users, finadmin, login, django_assert_max_num_queries
):
    client = login(finadmin)
    for i in range(30):
        post = Post.objects.create(unit=org.finance, department=org.budget, name=f"岗{i}")
        person = Person.objects.create(unit=org.finance, name=f"人{i}")
        PostTenure.objects.create(person=person, post=post, start_date=datetime.date(2024, 1, 1))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("registry:org_unit", args=[org.finance.pk]))
    assert "岗29" in response.text


def test_a_login_with_roles_elsewhere_cannot_be_taken_over(org, users, finadmin):
    """The district inspector's login sits on a finance person: the finance administrator
    may not set its password or email, which would take over the district-wide role."""
    person = Person.objects.create(unit=org.finance, name="纪检员", user=users["inspector"])
    with pytest.raises(PermissionDenied):
        services.login_save(
            person=person, username="inspector", email="me@evil.example", is_active=True,
            password="Quite-long-pass-42", by=finadmin,
        )  # fmt: skip
    users["inspector"].refresh_from_db()
    assert users["inspector"].email == "inspector@example.org"
