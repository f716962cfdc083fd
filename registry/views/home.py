from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registry.home import home_for


@login_required
def home(request):
    """The first page after login: the user's own tasks and their role's figures."""
    return render(request, "registry/home.html", {"home": home_for(request.user)})
