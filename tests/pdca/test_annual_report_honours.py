"""The district's annual report says which units may not be put forward for 评先评优
(unqualified by score or vetoed), counts them, and carries the column into Excel."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from assessment import appraisal as service
from assessment import veto as vetoes
from assessment.models import VetoRule


def test_the_annual_report_shows_honours_eligibility_and_counts_ineligible_units(
    cycle, org, users, client
):
    appraisal = service.appraisal_open(unit=org.tax, year=2026, by=users["inspector"])
    vetoes.veto_record(
        appraisal=appraisal,
        rule=VetoRule.objects.get(name="拒不整改"),
        facts="对巡察反馈问题拒不整改",
        by=users["inspector"],
    )
    client.force_login(users["inspector"])

    page = client.get(reverse("pdca:annual_report", args=[cycle.pk]))

    report = page.context["report"]
    by_code = {r.unit_row.unit.code: r.unit_row for r in report.rows}
    assert not by_code["TAX"].honours.eligible and by_code["TAX"].vetoed
    assert by_code["FIN"].honours.eligible
    assert report.ineligible_units == 1
    body = page.content.decode()
    assert 'id="ineligible-units">1<' in body
    assert "不得参加评先评优" in body and "一票否决：拒不整改" in body

    sheet = client.get(reverse("pdca:annual_report_xlsx", args=[cycle.pk]))
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    column = rows[0].index("评先评优")
    cells = {row[0]: row[column] for row in rows[1:]}
    assert cells["TAX"] == "不得参加评先评优：一票否决：拒不整改"
    assert cells["FIN"] == "可参加评先评优"
