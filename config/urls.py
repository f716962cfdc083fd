from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:riskpoint_list", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("powers/", include("powers.urls")),
    path("assessment/", include("assessment.urls")),
    path("pdca/", include("pdca.urls")),
    path("warnings/", include("earlywarning.urls")),
    path("programme/", include("programme.urls")),
    path("", include("registry.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
