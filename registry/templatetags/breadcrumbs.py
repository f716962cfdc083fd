from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from registry.breadcrumbs import trail

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> str:
    """The page's breadcrumb trail (nothing on pages at the top of the product)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    crumbs = trail(match.view_name if match else None, context)
    if not crumbs:
        return ""
    items = format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}">{}</a>', url, label)
                if url
                else format_html('<span aria-current="page">{}</span>', label),
            )
            for label, url in crumbs
        ),
    )
    return format_html(
        '<nav aria-label="{}"><ol class="breadcrumbs">{}</ol></nav>', _("Breadcrumb"), items
    )
