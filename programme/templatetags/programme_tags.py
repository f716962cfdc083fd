from django import template

from registry.roles import VIEW
from registry.scoping import scope_for

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_in_reach(context) -> bool:
    """Whether the nav shows the programme's records: the user reaches some unit."""
    user = context["request"].user
    return user.is_authenticated and scope_for(user).reaches_anything(VIEW)
