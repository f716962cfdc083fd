"""Unit administrators manage their organisation: units, departments, posts, people, logins.

Every object is fetched through ``managed`` (the administrator's MANAGE
subtrees), so another unit's organisation is a 404; the services in
``registry.organisation`` check the same again and record history.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import organisation as services
from registry.models import Department, Person, Post, PostTenure, Unit
from registry.org_forms import (
    DepartmentForm,
    LoginForm,
    PersonForm,
    PostForm,
    RotationForm,
    UnitForm,
)
from registry.roles import MANAGE
from registry.rotation import post_label
from registry.scoping import can_manage, visible_units


def managed(user, model=Unit) -> QuerySet:
    """Objects of ``model`` in units the user administers: every page fetches through this."""
    if not can_manage(user):
        raise PermissionDenied(_("Only unit administrators manage the organisation."))
    units = visible_units(user, MANAGE)
    return units if model is Unit else model.objects.filter(unit__in=units)


def form_page(request, form, save: Callable, *, title: str, back: str, done: Callable):
    """Validate, call the service, and go to ``done(obj)``; the service's objections
    (a ValidationError) land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved “%(object)s”.") % {"object": obj})
            return redirect(done(obj))
    return render(request, "registry/org/form.html", {"form": form, "title": title, "back": back})


def _unit_url(obj) -> str:
    unit_id = obj.pk if isinstance(obj, Unit) else obj.unit_id
    return reverse("registry:org_unit", args=[unit_id])


@login_required
def org_index(request):
    units = managed(request.user).select_related("parent").order_by("path")
    return render(request, "registry/org/index.html", {"units": units})


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(managed(request.user), pk=pk)
    holders = PostTenure.objects.current().select_related("person")
    posts = unit.posts.select_related("department").prefetch_related(
        Prefetch("tenures", queryset=holders, to_attr="holders")
    )
    context = {
        "unit": unit,
        "ancestors": unit.ancestors(),
        "children": unit.children.order_by("sort_order", "name"),
        "departments": unit.departments.all(),
        "posts": posts,
        "people": unit.people.select_related("department", "user"),
    }
    return render(request, "registry/org/unit_detail.html", context)


@login_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(managed(request.user), pk=pk)
    form = UnitForm(request.POST or None, instance=unit, manager=request.user)
    save = lambda f: services.unit_save(unit=f.instance, by=request.user)  # noqa: E731
    return form_page(
        request, form, save, title=_("Edit unit"), back=_unit_url(unit), done=_unit_url
    )


@login_required
def unit_add(request, pk: int):
    parent = get_object_or_404(managed(request.user), pk=pk)
    form = UnitForm(
        request.POST or None,
        instance=Unit(parent=parent, kind=parent.kind),
        manager=request.user,
    )
    save = lambda f: services.unit_save(unit=f.instance, by=request.user)  # noqa: E731
    return form_page(
        request, form, save, title=_("Add a sub-unit"), back=_unit_url(parent), done=_unit_url
    )


# Departments, posts and people: the model, its form, and its service (which takes
# the object under the kind's name, e.g. ``post_save(post=…, by=…)``).
MEMBERS = {
    "department": (Department, DepartmentForm, services.department_save),
    "post": (Post, PostForm, services.post_save),
    "person": (Person, PersonForm, services.person_save),
}


def _member_page(request, kind: str, instance, title: str):
    """Add or edit a department, post or person of a managed unit."""
    _model, form_class, service = MEMBERS[kind]
    form = form_class(request.POST or None, instance=instance)

    def save(form):
        return service(**{kind: form.instance, "by": request.user})

    return form_page(request, form, save, title=title, back=_unit_url(instance), done=_unit_url)


@login_required
def member_add(request, unit_pk: int, kind: str):
    model = MEMBERS[kind][0]
    unit = get_object_or_404(managed(request.user), pk=unit_pk)
    title = _("Add %(what)s to %(unit)s") % {"what": model._meta.verbose_name, "unit": unit}
    return _member_page(request, kind, model(unit=unit), title)


@login_required
def member_edit(request, pk: int, kind: str):
    model = MEMBERS[kind][0]
    obj = get_object_or_404(managed(request.user, model), pk=pk)
    title = _("Edit %(what)s “%(name)s”") % {"what": model._meta.verbose_name, "name": obj}
    return _member_page(request, kind, obj, title)


@login_required
def post_detail(request, pk: int):
    post = get_object_or_404(
        managed(request.user, Post).select_related("unit", "department"), pk=pk
    )
    form = RotationForm(request.POST or None, post=post, prefix="rotation")
    if request.method == "POST" and form.is_valid():
        try:
            tenure = services.rotation_record(
                post=post,
                person=form.cleaned_data["person"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s holds %(post)s from %(date)s.")
                % {"person": tenure.person, "post": post_label(post), "date": tenure.start_date},
            )
            return redirect(request.path)
    tenures = post.tenures.select_related("person").order_by("-start_date", "-pk")
    context = {
        "post": post,
        "label": post_label(post),
        "tenures": tenures,
        "today": timezone.localdate(),
        "form": form,
    }
    return render(request, "registry/org/post_detail.html", context)


@login_required
def person_login(request, pk: int):
    person = get_object_or_404(managed(request.user, Person).select_related("user", "unit"), pk=pk)
    user = person.user
    initial = (
        {"username": user.username, "email": user.email, "is_active": user.is_active}
        if user
        else None
    )
    form = LoginForm(request.POST or None, initial=initial)

    def save(form):
        data = form.cleaned_data
        services.login_save(
            person=person, username=data["username"], email=data["email"],
            is_active=data["is_active"], password=data["password"], by=request.user,
        )  # fmt: skip
        if data["send_reset"]:
            services.password_reset_send(person=person, by=request.user)
        return person

    title = _("Login of %(person)s") % {"person": person}
    return form_page(request, form, save, title=title, back=_unit_url(person), done=_unit_url)


@login_required
@require_POST
def person_password_reset(request, pk: int):
    person = get_object_or_404(managed(request.user, Person).select_related("user", "unit"), pk=pk)
    try:
        services.password_reset_send(person=person, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A password-reset link was sent to %(email)s.") % {"email": person.user.email},
        )
    return redirect(_unit_url(person))
