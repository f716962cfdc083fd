from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registry.searching import clean_query, search


@login_required
def search_view(request):
    """One search box across the product, each kind scoped by the app that owns it."""
    text = clean_query(request.GET.get("q"))
    groups = search(user=request.user, text=text)
    return render(request, "registry/search.html", {"search_query": text, "groups": groups})
