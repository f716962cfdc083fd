"""One beat per cluster: a second one is harmless, and it says so in the log."""

import logging

from django.core.cache import cache

from config.ops import beat


def test_the_first_beat_holds_the_lock_and_a_second_one_warns(caplog):
    cache.delete(beat.LOCK_KEY)
    caplog.set_level(logging.INFO, logger="config.beat")
    assert beat.check_once("node-a:1", held=False) is True
    assert beat.check_once("node-b:7", held=False) is False
    assert "another beat is running (node-a:1)" in caplog.text
    # The holder keeps it on renewal; the other takes over once it lapses.
    assert beat.check_once("node-a:1", held=True) is True
    cache.delete(beat.LOCK_KEY)
    assert beat.check_once("node-b:7", held=False) is True
    assert "this beat (node-b:7) is the cluster's beat" in caplog.text
