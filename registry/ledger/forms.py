from django import forms
from django.utils.translation import gettext_lazy as _lazy

from registry import uploads
from registry.ledger import batches
from registry.ledger.sheets import sheet_types
from registry.ledger.tasks import enqueue


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=_lazy("Ledger file (.xlsx)"))
    sheet_type = forms.ChoiceField(
        label=_lazy("Kind of ledger"), initial="risk_points", required=False
    )
    sheet = forms.CharField(
        label=_lazy("Sheet"),
        required=False,
        max_length=100,
        help_text=_lazy("Leave empty to read every sheet."),
    )
    create_missing = forms.BooleanField(
        label=_lazy("Create missing departments and posts"), required=False
    )
    year = forms.IntegerField(
        label=_lazy("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_lazy("For rows without a year; otherwise the ledger's 填报日期 or this year."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every registered sheet type (the register's own, the power list, …), by its label.
        self.fields["sheet_type"].choices = [(k, t.label) for k, t in sheet_types().items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload, kind="ledger")
        return upload

    def options(self) -> dict:
        return {
            "create_missing": self.cleaned_data["create_missing"],
            "year": self.cleaned_data["year"],
        }

    def upload(self, *, by):
        """The valid form's file stored as a batch, its check queued (through the outbox);
        ``BadFile`` when the file cannot be read. The upload page and the API call this."""
        batch = batches.batch_upload(
            upload=self.cleaned_data["file"],
            by=by,
            sheet=self.cleaned_data["sheet"],
            options=self.options(),
            sheet_type=self.cleaned_data["sheet_type"] or "risk_points",
        )
        enqueue("check", batch.pk)
        return batch
