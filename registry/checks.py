"""System checks for a production deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs) -> list:
    """Each gunicorn worker has its own memory: a per-process cache would let the
    feedback rate limit count per worker instead of per visitor."""
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [
            Warning(
                "The default cache is local to each process, so rate limits count per worker.",
                hint="Set CACHE_URL to a Redis server shared by every web process.",
                id="registry.W001",
            )
        ]
    return []
