"""What the task worker records to deliver each notice once, and to know
which workers are alive.

Neither table is under audit: they describe the delivery machinery, hold no
patient data, and are written on every notice and every heartbeat.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One notice that left: its idempotency key (booking, kind, channel,
    revision or round, reminder), recorded as the mail or SMS is handed over.
    A retry finds it and sends nothing."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return self.key


class WorkerLease(models.Model):
    """A task worker that is alive: it renews `beat_at` every
    TASK_HEARTBEAT_SECONDS. A worker whose lease is older than six beats is
    dead, and the tasks it left RUNNING are taken up again."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))
    started_at = models.DateTimeField(_("started at"))
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True)

    class Meta:
        verbose_name = _("worker lease")
        verbose_name_plural = _("worker leases")

    def __str__(self) -> str:
        return self.worker_id
