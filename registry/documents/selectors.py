"""Reading documents, always through the user's scope (``registry.scoping``)."""

from django.http import Http404

from registry.documents.models import Document


def documents_for(user):
    return Document.objects.visible_to(user).select_related("kind", "issuer", "unit", "person")


def get_document(user, pk: int) -> Document:
    """The document if the user may read it; a 404 otherwise, whether it exists or not."""
    try:
        return documents_for(user).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None
