"""Signals the registry sends for higher apps, which must not be imported from here.

``list_took_effect``
    Sent once for each unit's risk list whose points take effect after the
    public notice (``registry.workflow.take_effect_due``), after the
    transaction commits, with ``risk_list`` (a ``RiskList``) and ``at`` (the
    moment). The programme app files the list upward with it::

        from registry.signals import list_took_effect
        list_took_effect.connect(file_upward, dispatch_uid="...")
"""

from django.dispatch import Signal

list_took_effect = Signal()
