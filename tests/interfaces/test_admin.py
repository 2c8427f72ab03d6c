"""Staff see the dead letters and the delivery log, and replay them; each
replay is in the audit trail."""

import pytest
from django.urls import reverse

from interfaces import relay
from interfaces.models import Dispatch
from tests import factories as f
from tests.helpers import events_after, last_seq, mllp_endpoint
from tests.interfaces.listeners import MllpListener

pytestmark = pytest.mark.django_db(transaction=True)  # PostgreSQL seals the trail at COMMIT


def test_a_dead_letter_is_listed_with_its_log_and_replayed_from_the_admin(client, book):
    admin_user = f.user("admin", superuser=True)
    client.force_login(admin_user)
    answers = iter(["AE"])
    mark = last_seq()
    with MllpListener(answer=lambda r: next(answers, "AA")) as his:
        mllp_endpoint(his.address)
        booking = book()
        relay.deliver_due(budget=10)
        dead = Dispatch.objects.get()
        assert dead.status == "dead"

        url = reverse("admin:interfaces_dispatch_changelist")
        listing = client.get(url, {"status__exact": "dead"})
        assert dead.control_id in listing.content.decode()
        detail = client.get(reverse("admin:interfaces_dispatch_change", args=[dead.pk]))
        assert "AE" in detail.content.decode()

        answer = client.post(url, {"action": "replay", "_selected_action": [dead.pk]}, follow=True)
        assert "1 dead letter goes back in the line." in answer.content.decode()
        assert relay.deliver_due(budget=10) == 1

    assert [r.control_id for r in his.received] == [dead.control_id] * 2
    assert str(booking.public_id) == his.received[1].appointment
    replayed = events_after(mark, object_type="interfaces_dispatch").get(object_id=str(dead.pk))
    assert (replayed.action, replayed.actor) == ("override", f"user:{admin_user.pk}:admin")


def test_the_replay_action_leaves_a_delivered_message_alone(client, book):
    client.force_login(f.user("admin", superuser=True))
    mark = last_seq()
    with MllpListener() as his:
        mllp_endpoint(his.address)
        book()
        relay.deliver_due(budget=10)
    sent = Dispatch.objects.get()
    client.post(
        reverse("admin:interfaces_dispatch_changelist"),
        {"action": "replay", "_selected_action": [sent.pk]},
    )
    assert Dispatch.objects.get().status == "delivered"
    assert not events_after(mark, object_type="interfaces_dispatch").exists()
