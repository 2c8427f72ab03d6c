"""Login throttling: django-axes's database handler, with one limit per kind of attack.

django-axes counts failures per (username, address, user agent) row and
compares each lockout parameter's total with one limit. Here each parameter
has its own limit (settings.py, "Login throttling"):

- one username from one address: the password guesser (LOGIN_FAILURE_LIMIT);
- one address, any usernames: the sprayer (LOGIN_ADDRESS_FAILURE_LIMIT);
- one username, any addresses: the distributed guess (LOGIN_ACCOUNT_FAILURE_LIMIT),
  which does not stop the account's owner at an address they have signed in
  from before: whoever attacks an account cannot lock its owner out of it.

A successful login clears the failures of that username at that address only,
so an attacker who owns one account cannot reset their spraying counter.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessLog
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone


def _total(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        # One queryset per settings.AXES_LOCKOUT_PARAMETERS entry, in that order.
        pair, address, account = self.get_user_attempts(request, credentials)
        failures = _total(pair)
        locked = (
            failures >= settings.AXES_FAILURE_LIMIT
            or _total(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
            or (
                _total(account) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
                and not self._known_address(request, credentials)
            )
        )
        # django-axes locks out when this reaches settings.AXES_FAILURE_LIMIT.
        return max(failures, settings.AXES_FAILURE_LIMIT) if locked else failures

    def _known_address(self, request, credentials) -> bool:
        """Has this account signed in from this address lately?"""
        since = timezone.now() - datetime.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
        return AccessLog.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            attempt_time__gte=since,
        ).exists()

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
