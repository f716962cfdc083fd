"""Signals the registry sends for higher apps, which must not be imported from here.

``list_took_effect``
    Sent once for each unit's risk list whose points take effect after the
    public notice (``registry.workflow.take_effect_due``), after the
    transaction commits, with ``risk_list`` (a ``RiskList``) and ``at`` (the
    moment). The programme app files the list upward with it::

        from registry.signals import list_took_effect
        list_took_effect.connect(file_upward, dispatch_uid="...")

``warning_raised`` (h19docs)
    Sent by an app that is not allowed to import the early-warning app (the
    programme's records, a sibling layer) when one of its records is warning
    information, with ``source_type`` (a ``earlywarning.choices.SourceType``
    value), ``source_id``, ``unit``, ``summary``, ``facts`` and ``received_on``.
    The early-warning app takes it in once per (source type, id).
"""

from django.dispatch import Signal

list_took_effect = Signal()
warning_raised = Signal()
