from django.urls import path
from django.views.generic import RedirectView

app_name = "earlywarning"
# The app's pages arrive with its issue; until then its index is the register.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:riskpoint_list"), name="index"),
]
