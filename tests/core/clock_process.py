"""One process of a node, run by ``test_node_clock.py``: it issues clock values on request.

``writer`` seeds its clock, says the value, then waits for a line on standard input and
writes a login through the services, printing the clock value it was stamped with.
``receiver`` takes in a value from another node, as a sync run does, and exits.
"""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ujuzi.settings")
    django.setup()
    from django.db import transaction

    from ujuzi.core.models import User
    from ujuzi.core.node import clock_receive, next_clock
    from ujuzi.core.records import record_create

    if sys.argv[1] == "receiver":
        with transaction.atomic():
            clock_receive(int(sys.argv[2]))
        return
    print(next_clock(), flush=True)
    sys.stdin.readline()
    user = record_create(User(username=f"clock-{os.getpid()}", password="!"), by=None)
    print(user.changed_clock, flush=True)


if __name__ == "__main__":
    main()
