#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    _compile_translations()
    execute_from_command_line(sys.argv)


def _compile_translations() -> None:
    """A fresh clone has no .mo files (they are built, not committed): build them first,
    so every command speaks the configured language. A read-only install keeps its own."""
    from registry.management.commands.compile_translations import compile_stale

    try:
        compile_stale()
    except OSError:
        pass


if __name__ == "__main__":
    main()
