"""The organisation: units (a tree) → departments → posts ← people."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from registry.choices import UnitKind
from registry.historical import HistoricalRecords


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, units) -> "UnitQuerySet":
        """The given units and every unit below them."""
        condition = Q()
        for path in {unit.path for unit in units}:
            condition |= Q(path__startswith=path)
        return self.filter(condition) if condition else self.none()


class Unit(models.Model):
    """A district or company, a unit (bureau, street, hospital), or a sub-unit.

    ``path`` is a materialised path of primary keys ("/1/7/12/"), so a whole
    subtree is one indexed ``LIKE '/1/7/%'`` query, with no recursion.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("unit code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    # The discipline commission (纪委监委): its administrators alone grant the
    # inspector and auditor roles (registry.role_policy).
    is_discipline_commission = models.BooleanField(
        _("discipline commission"),
        default=False,
        help_text=_("Administrators of this unit grant the inspector and auditor roles."),
    )
    # --- h15home: how new risk points of this unit are numbered (registry.codes) ---
    ledger_code_pattern = models.CharField(
        _("ledger code pattern"),
        max_length=100,
        blank=True,
        help_text=_(
            "How new risk points are numbered, e.g. {unit_code}-{year}-{seq:04d}; "
            "empty means the district-wide default."
        ),
    )

    history = HistoricalRecords(excluded_fields=["path", "depth"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        # Object permissions (django-guardian) held on a unit cover its subtree.
        permissions = [
            ("view_register", _("Read the register")),
            ("fill_register", _("Fill in and submit risk points")),
            ("sign_register", _("Check and sign as department head")),
            ("review_register", _("Review as leader in charge")),
            ("approve_register", _("Decide and approve risk lists")),
            ("return_register", _("Send risk lists back")),
            ("manage_unit", _("Manage units, people and roles")),
            ("read_history", _("Read change history")),
            ("inspect_unit", _("Act as discipline-inspection staff")),
            ("decide_register", _("Record the leading group's collective decision")),
        ]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            depth = new_path.count("/") - 2
            Unit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            if old_path:
                # Moving a unit moves its whole subtree: rewrite descendants in one query.
                Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Func(F("path"), Value(old_path), Value(new_path), function="REPLACE"),
                    depth=F("depth") + (depth - self.depth),
                )
            self.path, self.depth = new_path, depth

    def clean(self) -> None:
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": _("A unit cannot be placed below itself.")})

    def ancestors(self) -> list["Unit"]:
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]


class Department(models.Model):
    """A department (科室 / 股室) of a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        permissions = [
            ("view_register", _("Read the register")),
            ("fill_register", _("Fill in and submit risk points")),
            ("sign_register", _("Check and sign as department head")),
            ("review_register", _("Review as leader in charge")),
        ]
        ordering = ["unit__path", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name_in_unit")
        ]
        # The register sorted by department walks departments by name and unit
        # (registry.filtersets.SORTS).
        indexes = [models.Index(fields=["name", "unit"], name="department_name_unit")]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A post (岗位). Posts without a department form the unit's leadership team."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posts"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text=_("Leave empty for a post of the unit's leadership team."),
    )
    name = models.CharField(_("name"), max_length=200)
    duties = models.TextField(_("duties"), blank=True)
    is_key_post = models.BooleanField(
        _("key post"),
        default=False,
        help_text=_("Key posts (关键岗位) are rotated: see ROTATION_MAX_YEARS."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["unit__path", "department__sort_order", "name"]
        # The register sorted by post walks posts by name, unit and id.
        indexes = [models.Index(fields=["name", "unit", "id"], name="post_name_unit_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"],
                condition=Q(department__isnull=False),
                name="post_unique_name_in_department",
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                condition=Q(department__isnull=True),
                name="post_unique_name_in_leadership",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_leadership(self) -> bool:
        return self.department_id is None

    def clean(self) -> None:
        if self.department_id and self.unit_id and self.department.unit_id != self.unit_id:
            raise ValidationError(
                {"department": _("The department belongs to another unit than the post.")}
            )


class Person(models.Model):
    """A cadre or employee (干部职工), optionally linked to a login."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("position title"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Matches the person to their directory account (registry.directory) when the
    # directory's login name differs from the login here.
    employee_number = models.CharField(
        _("employee number"),
        max_length=50,
        blank=True,
        default="",
        help_text=_("The number the organisation's directory knows this person by."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee_number"],
                condition=~models.Q(employee_number=""),
                name="person_employee_number_once",
                violation_error_message=_("Another person already has this employee number."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.department_id and self.unit_id and self.department.unit_id != self.unit_id:
            raise ValidationError(
                {"department": _("The department belongs to another unit than the person.")}
            )


class PostTenureQuerySet(models.QuerySet):
    def current(self, on=None) -> "PostTenureQuerySet":
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class PostTenure(models.Model):
    """Who held which post from when to when: rotation (轮岗) stays on record."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="tenures"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="tenures"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PostTenureQuerySet.as_manager()

    class Meta:
        verbose_name = _("post tenure")
        verbose_name_plural = _("post tenures")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="tenure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if not (self.person_id and self.post_id and self.start_date):
            return
        overlapping = PostTenure.objects.filter(person_id=self.person_id, post_id=self.post_id)
        overlapping = overlapping.exclude(pk=self.pk).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
        )
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if overlapping.exists():
            raise ValidationError(
                _("%(person)s already holds this post in an overlapping period.")
                % {"person": self.person}
            )
