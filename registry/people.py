"""How a person is named on screen: by their name, not their login."""

from django.contrib.auth import get_user_model


def display_name(user) -> str:
    """The linked person's name, else the login's full name, else the login itself."""
    if user is None:
        return ""
    person = getattr(user, "person", None) if user.pk else None
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def display_names(user_ids) -> dict[int, str]:
    """``display_name`` for many logins in one query."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("person")
    return {user.pk: display_name(user) for user in users}
