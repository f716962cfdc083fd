"""What every powers view needs: fetch through the scope, then check the write right."""

from django.http import HttpRequest

from powers import selectors
from powers.access import require_write
from powers.models import PowerItem


def power_for_write(request: HttpRequest, pk: int) -> PowerItem:
    """The power if the user may change it: a 404 out of sight, a 403 when read-only."""
    power = selectors.get_power(user=request.user, pk=pk)
    require_write(request.user, power.unit)
    return power
