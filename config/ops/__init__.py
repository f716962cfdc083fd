"""Running the product as a cluster: request ids and JSON logs, health and
readiness probes, Prometheus metrics and the single-beat lock.

Nothing here is domain logic; it sits in ``config`` beside the settings and
the Celery app, which wire it in.
"""
