"""The audit event, read-only from Django: the database writes every event."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    INSERT = "insert", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    TRUNCATE = "truncate", _("emptied")
    READ = "read", _("read")
    PERMISSION = "permission", _("permission changed")
    OVERRIDE = "override", _("rule overridden by staff")
    DECISION = "decision", _("decided by a rule")


class Event(models.Model):
    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    occurred_at = models.CharField(_("time (UTC)"), max_length=32)
    actor = models.CharField(_("actor"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20)
    request_id = models.CharField(_("request id"), max_length=64)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    changes = models.TextField(_("changes"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        # Created by migration 0001 with its triggers; unmanaged so that no
        # Django operation (the test runner's flush included) tries to empty it.
        managed = False
        db_table = "audit_event"
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
