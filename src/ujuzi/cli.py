"""The ``ujuzi`` command: Django's management commands plus Ujuzi's own.

``ujuzi keygen`` works before any configuration exists, so that an operator can make the
keys production needs.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a command; ``ujuzi help`` lists them."""
    arguments = list(sys.argv if argv is None else argv)
    if arguments[1:2] == ["keygen"]:
        from ujuzi.config import new_key_text

        print(f"UJUZI_AUDIT_KEY={new_key_text()}")
        print(f"UJUZI_ENCRYPTION_KEYS={new_key_text()}")
        print(f"UJUZI_SECRET_KEY={new_key_text()}{new_key_text()}")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ujuzi.settings")
    if arguments[1:2] == ["serve"]:
        _port_from_arguments(arguments[2:])
    from ujuzi.config import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(arguments)
    except ConfigurationError as error:
        print(f"ujuzi: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from error


def _port_from_arguments(arguments: list[str]) -> None:
    """``ujuzi serve --port N`` serves on N, so the derived public address follows it.

    The settings are read before the command parses its options, hence this early look.
    """
    for index, argument in enumerate(arguments):
        if argument == "--port" and index + 1 < len(arguments):
            os.environ["PORT"] = arguments[index + 1]
        elif argument.startswith("--port="):
            os.environ["PORT"] = argument.split("=", 1)[1]


if __name__ == "__main__":
    main()
