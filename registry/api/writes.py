"""API writes on the register through the pages' own forms and services.

The JSON body is turned into the data the edit page posts, validated by the same
``RiskPointForm`` and measure formset (so the same scoped choices apply) and saved by
``services.risk_point_save``; workflow steps go to ``registry.workflow``'s services.
Form errors come back with the field at fault (``measures[0].text``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions

from registry import services
from registry.api.errors import form_error_detail
from registry.choices import MeasureStatus
from registry.forms import MeasureFormSet, RiskPointForm, TransitionForm
from registry.models import Measure, RiskPoint
from registry.scoping import scope_for
from registry.workflow import (
    TRANSITIONS,
    can_return,
    return_points,
    risk_list_for,
    transition_points,
)

PREFIX = "measures"


def risk_point_save_from_data(*, risk_point: RiskPoint, data: dict, by) -> RiskPoint:
    existing = Measure.objects.filter(risk_point=risk_point.pk).select_related("responsible_person")
    form = RiskPointForm(_point_data(risk_point, data), instance=risk_point, user=by)
    formset = MeasureFormSet(
        _measure_data(list(existing), data.get("measures")),
        instance=risk_point,
        prefix=PREFIX,
        queryset=existing,
        form_kwargs={"people": form.fields["responsible_person"].queryset},
    )
    # The page skips an untouched blank row; a measure sent through the API is meant.
    for row in formset.forms[formset.initial_form_count() :]:
        row.empty_permitted = False
    if not (form.is_valid() & formset.is_valid()):
        sent = len(data.get("measures") or [])
        raise exceptions.ValidationError(_form_errors(form, formset, sent))
    return services.risk_point_save(
        risk_point=form.save(commit=False),
        measures=formset.save(commit=False),
        removed_measures=formset.deleted_objects,
        by=by,
    )


def _point_data(risk_point: RiskPoint, data: dict) -> dict:
    """The page's form data: the stored values, overridden by what the body sends."""
    fields = RiskPointForm._meta.fields
    current = {}
    if risk_point.pk:
        for name in fields:
            value = (
                getattr(risk_point, f"{name}_id", None)
                if _is_relation(name)
                else getattr(risk_point, name)
            )
            current[name] = value
    current.update({k: v for k, v in data.items() if k in fields})
    return {k: ("" if v is None else v) for k, v in current.items()}


def _is_relation(name: str) -> bool:
    return RiskPoint._meta.get_field(name).is_relation


def _measure_data(existing: list[Measure], sent) -> dict:
    """Management form and rows: measures not sent stay as they are."""
    by_id = {m.pk: m for m in existing}
    rows = []
    sent_ids = set()
    for item in sent or []:
        item = dict(item)
        if item.get("id") in by_id:
            sent_ids.add(item["id"])
            base = _measure_row(by_id[item["id"]])
            base.update({k: v for k, v in item.items() if k != "delete"})
            base["DELETE"] = "on" if item.get("delete") else ""
            rows.append(base)
        elif item.get("id") is None:
            row = {"status": MeasureStatus.PLANNED}  # the model's default, as the page shows it
            row.update({k: v for k, v in item.items() if k not in {"delete", "id"}})
            rows.append(row)
        else:
            raise exceptions.ValidationError(
                {"measures": [_("Measure %(id)s does not belong to this risk point.") % item]}
            )
    rows = [_measure_row(m) for m in existing if m.pk not in sent_ids] + rows
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(len(existing)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{PREFIX}-{index}-{key}"] = "" if value is None else value
    return data


def _measure_row(measure: Measure) -> dict:
    return {
        "id": measure.pk,
        "defence_line": measure.defence_line,
        "text": measure.text,
        "responsible_person": measure.responsible_person_id,
        "due_date": measure.due_date.isoformat() if measure.due_date else "",
        "status": measure.status,
    }


def _form_errors(form, formset, sent_rows: int) -> dict:
    errors = form_error_detail(form)
    # Numbered as the body sent them: the rows after the untouched existing measures.
    untouched = formset.total_form_count() - sent_rows
    for index, row in enumerate(formset.forms):
        if row.errors:
            errors.update(form_error_detail(row, f"measures[{index - untouched}]"))
    if formset.non_form_errors():
        errors["measures"] = list(formset.non_form_errors())
    return errors


def risk_point_act(*, point: RiskPoint, data: dict, by):
    """One workflow step on one point: a 403 when the user's roles do not allow it."""
    action = data["action"]
    allowed = (
        can_return(by, point)
        if action == TransitionForm.RETURN
        else scope_for(by).allows(TRANSITIONS[action].permission, point)
    )
    if not allowed:
        raise PermissionDenied(
            _("Your roles do not allow “%(action)s” on “%(point)s”.")
            % {
                "action": dict(TransitionForm().fields["action"].choices)[action],
                "point": point.name,
            }
        )
    risk_list = risk_list_for(point)
    version = data.get("list_version")
    if version is None:
        version = risk_list.version
    if action == TransitionForm.RETURN:
        return return_points(
            point_ids=[point.pk],
            risk_list=risk_list,
            by=by,
            expected_version=version,
            reason=data["comment"],
            to_draft=data.get("to_draft", False),
        )
    return transition_points(
        name=action,
        point_ids=[point.pk],
        risk_list=risk_list,
        by=by,
        expected_version=version,
        comment=data.get("comment", ""),
        meeting_date=data.get("meeting_date"),
        minutes_ref=data.get("minutes_ref", ""),
        attendees=_attendees(point, data.get("attendees") or []),
        notice_days=data.get("notice_days"),
    )


def _attendees(point: RiskPoint, ids: list[int]):
    if not ids:
        return []
    form = TransitionForm(unit=point.unit)
    members = form.fields["attendees"].queryset.filter(pk__in=ids)
    if members.count() != len(set(ids)):
        raise ValidationError({"attendees": [_("Choose members of the unit's leading group.")]})
    return list(members)
