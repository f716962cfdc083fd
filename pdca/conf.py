"""This app's settings, with the defaults used until config/settings.py names them."""

from django.conf import settings


def sampling_percent() -> int:
    """Share of active units drawn each quarter (每季度末抽取10%)."""
    return int(getattr(settings, "PDCA_SAMPLING_PERCENT", 10))


def sampling_weighted() -> bool:
    """Favour units with more level-1 points in the draw; off unless switched on."""
    return bool(getattr(settings, "PDCA_SAMPLING_WEIGHTED", False))


def level3_percent() -> int:
    """Share of a drawn unit's level-3 measures on its checklist (level 1 and 2: all)."""
    return int(getattr(settings, "PDCA_LEVEL3_SAMPLE_PERCENT", 20))


def evidence_max_bytes() -> int:
    return int(getattr(settings, "PDCA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def rectification_days() -> int:
    """Default time allowed to rectify a finding (限期整改)."""
    return int(getattr(settings, "PDCA_RECTIFICATION_DAYS", 30))
