from django.core.management.base import BaseCommand, CommandError

from audit.chain import Head, chain, verify


class Command(BaseCommand):
    help = "Recompute the audit hash chain; exit non-zero naming the first broken event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help="last head stored elsewhere (SEQ:HASH, from audit_head): also detects a cut tail",
        )

    def handle(self, *args, head=None, **options):
        try:
            known = Head.parse(head) if head else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        verdict = verify(chain(), known)
        if not verdict.ok:
            raise CommandError(
                f"audit chain broken at event {verdict.broken_seq}: {verdict.reason} "
                f"({verdict.checked} events verified before it)"
            )
        self.stdout.write(f"audit chain intact: {verdict.checked} events verified")
