"""The patient's INS (Identifiant National de Santé) leaves with every
appointment (issue 22): a second PID-3 repetition under the ANS's OID, as
IHE PAM France writes it; none when the record holds no INS."""

import pytest

from interfaces import relay
from interfaces.models import Endpoint
from tests.interfaces.listeners import MllpListener

pytestmark = pytest.mark.django_db

NIR = "295109912611193"


def test_pid_3_carries_the_ins_with_its_oid_when_the_record_has_one(book):
    with MllpListener() as his:
        Endpoint.objects.create(
            name="GAM", kind="mllp", address=his.address, receiving_application="GAM"
        )
        known = book(first_name="Zoé", ins=NIR)
        unknown = book(days=5, first_name="Léa")
        assert relay.deliver_due(budget=60) == 2
    by_booking = {r.appointment: r for r in his.received}
    ids = by_booking[str(known.public_id)].pid.pid_3
    assert [(x.cx_1.value, x.cx_5.value) for x in ids] == [
        (str(known.patient.public_id), "PI"),
        (NIR, "INS"),
    ]
    assert ids[1].cx_4.to_er7() == "ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO"
    assert len(by_booking[str(unknown.public_id)].pid.pid_3) == 1
