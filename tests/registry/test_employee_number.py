"""A unit administrator records a person's employee number (工号), by which a
directory account finds the person (registry.directory.identity)."""

from django.urls import reverse

from registry.models import Person


def edit(client, person, number: str):
    return client.post(
        reverse("registry:org_person_edit", args=[person.pk]),
        {"name": person.name, "title": "", "employee_number": number, "is_active": "on"},
    )


def test_the_employee_number_is_recorded_and_unique(users, org, login):
    first = Person.objects.create(unit=org.finance, name="甲")
    second = Person.objects.create(unit=org.finance, name="乙")
    client = login(users["admin"])
    assert edit(client, first, " E2001 ").status_code == 302
    first.refresh_from_db()
    assert first.employee_number == "E2001"

    refused = edit(client, second, "E2001")
    assert refused.status_code == 200
    assert "已有其他人员使用该工号" in refused.content.decode()
    # Empty numbers are many people's, not a clash.
    assert edit(client, second, "").status_code == 302
