"""The REST API's shared plumbing: token authentication, the error shape,
pagination, throttling, and the glue between viewsets and ``registry.scoping``.

Each app keeps its own endpoints (``registry/api/views.py``, ``powers/api.py``, …);
``config/api.py`` puts them on one router under ``/api/v1/``.
"""
