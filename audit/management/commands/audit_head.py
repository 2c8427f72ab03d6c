from django.conf import settings
from django.core.management.base import BaseCommand

from audit.chain import current_head


class Command(BaseCommand):
    help = "Print the audit trail's head (SEQ:HASH), signed when AUDIT_HEAD_HMAC_KEY is set."

    def handle(self, *args, **options):
        head = current_head()
        if head is None:
            self.stdout.write("0:" + "0" * 64)
            return
        key = settings.AUDIT_HEAD_HMAC_KEY
        signature = f" hmac-sha256={head.signature(key)}" if key else ""
        self.stdout.write(f"{head}{signature}")
