"""Which models the change log reads, and how each one's rows reach their unit.

Every model with django-simple-history history is tracked, in every app, so a
model that gains history appears in the change log and its type filter without
being listed anywhere. The unit a row belongs to (what scopes it) is found by
following foreign keys to ``Unit``; an app may name it itself with ``track``.
Models that reach no unit (reference data such as categories) are readable by
every history reader.
"""

from collections import deque
from functools import cache

from django.apps import apps
from django.db import models
from simple_history.models import registered_models

from registry.models import NoticeFeedback, PostTenure, Unit

# Lookups that a foreign-key walk would find differently from what they mean.
# A unit reaches itself or, once deleted, its parent; a tenure belongs to its post.
_EXPLICIT: dict[type[models.Model], str | None] = {
    Unit: "id|parent",
    PostTenure: "post__unit",
}


# Fields the change log never shows, though history keeps them: comments on a public
# notice and who wrote them are for discipline staff only (the feedback page).
_PRIVATE: dict[type[models.Model], set[str]] = {NoticeFeedback: {"name", "contact", "message"}}


def hide_fields(model: type[models.Model], names: set[str]) -> None:
    """Keep fields of a model out of the change log (for an app's AppConfig.ready)."""
    _PRIVATE.setdefault(model, set()).update(names)


def private_fields(model: type[models.Model]) -> set[str]:
    return _PRIVATE.get(model, set())


def track(model: type[models.Model], unit_lookup: str | None) -> None:
    """Name how a model's rows reach their unit, where the walk would choose another path."""
    _EXPLICIT[model] = unit_lookup
    tracked_models.cache_clear()


@cache
def tracked_models() -> dict[str, tuple[type[models.Model], str | None]]:
    """{key: (model, unit lookup)} for every model with history, registry first.

    The key is the model name, or ``app_label.model_name`` where two apps use the
    same model name.
    """
    models_with_history = [
        model
        for model in registered_models.values()
        if not model._meta.auto_created and hasattr(model, "history")
    ]
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    models_with_history.sort(key=lambda m: (order.get(m._meta.app_label, 99), m._meta.model_name))
    names = [m._meta.model_name for m in models_with_history]
    tracked = {}
    for model in models_with_history:
        name = model._meta.model_name
        key = name if names.count(name) == 1 else f"{model._meta.app_label}.{name}"
        lookup = _EXPLICIT[model] if model in _EXPLICIT else _unit_lookup(model)
        tracked[key] = (model, lookup)
    return tracked


def _unit_lookup(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from ``model`` to a unit, a field called
    ``unit`` first; logins are not followed (a user is not part of a unit)."""
    user_model = apps.get_model("auth", "User")
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, prefix = queue.popleft()
        keys = [f for f in current._meta.concrete_fields if f.many_to_one]
        keys.sort(key=lambda f: f.name != "unit")
        for f in keys:
            if f.related_model is Unit:
                return f"{prefix}{f.name}"
        for f in keys:
            if f.related_model not in seen and f.related_model is not user_model:
                seen.add(f.related_model)
                queue.append((f.related_model, f"{prefix}{f.name}__"))
    return None
