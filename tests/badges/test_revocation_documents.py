"""The stored revocation documents: the OB 2.0 RevocationList and the 3.0 status list
equal what was computed per request before, are rewritten in the revocation's
transaction, answer conditional GETs with 304 and take the same queries at any size."""

import gzip
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from badges import hosting, services
from badges.hosting import credentials
from badges.models import RevocationDocument
from badges.openbadges import ob2
from badges.openbadges.ob3 import statuslist
from badges.selectors.hosting import revoked_assertions_of
from badges.selectors.keys import status_list_state
from badges.services import revocation_documents as docs
from pathways import services as doors
from tests.badges.factories import AssertionFactory, BadgeClassFactory, IssuerFactory
from tests.badges.support import award

pytestmark = pytest.mark.django_db
Kind = RevocationDocument.Kind


def list_path(issuer) -> str:
    return reverse("ob2:revocation-list", args=[issuer.public_id])


def status_path(issuer) -> str:
    return credentials.status_list_url(issuer).removeprefix("http://testserver")


def old_revocation_list(issuer) -> dict:
    """What `views.hosted.revocation_list` computed on every request before."""
    revoked = [
        (hosting.assertion_url(a), a.revocation_reason)
        for a in revoked_assertions_of(issuer=issuer)
    ]
    return ob2.revocation_list_json(
        id=hosting.revocation_list_url(issuer), issuer=hosting.issuer_url(issuer), revoked=revoked
    )


def old_status_list(issuer) -> dict:
    """What `views.keys.issuer_status` computed (then signed) on every request before."""
    revoked, highest = status_list_state(issuer=issuer)
    return statuslist.build_status_list_credential(
        credential_id=credentials.status_list_url(issuer),
        issuer=credentials.issuer_did(issuer),
        encoded_list=statuslist.encode(revoked, size=credentials.status_list_size(highest)),
        valid_from=timezone.now(),
        name=f"{issuer.name}: revoked credentials",
    )


def unsigned(document: dict) -> dict:
    """A status list credential without what changes at every signing."""
    return {k: v for k, v in document.items() if k not in ("proof", "validFrom")}


def revoke(assertion, reason="Awarded in error."):
    return doors.assertion_revoke(actor=None, assertion=assertion, reason=reason)


@pytest.fixture
def issuer_with_history():
    """An issuer with six badges awarded, four of them issued as 3.0 credentials too."""
    issuer = IssuerFactory()
    awarded = [award(issuer=issuer) for _ in range(6)]
    for a in awarded[:4]:
        services.status_list_entry_for(assertion=a)
    return issuer, awarded


def test_stored_documents_equal_what_was_computed_per_request(client, issuer_with_history):
    issuer, awarded = issuer_with_history
    revoke(awarded[0], "Evidence was not the earner's")
    # Built on the first request, from the assertions.
    assert client.get(list_path(issuer)).json() == old_revocation_list(issuer)
    assert unsigned(client.get(status_path(issuer)).json()) == unsigned(old_status_list(issuer))
    # Then kept up to date by the revoke service: one entry appended, one bit flipped.
    revoke(awarded[3], "Ünïcode reason — with “quotes”")
    revoke(awarded[5], "Duplicate award")  # never issued as 3.0: no bit
    revoke(awarded[1])
    served = client.get(list_path(issuer))
    assert served["Content-Type"] == "application/ld+json"
    assert served.json() == old_revocation_list(issuer)
    assert len(served.json()["revokedAssertions"]) == 4
    status = client.get(status_path(issuer)).json()
    assert unsigned(status) == unsigned(old_status_list(issuer))
    places = {awarded[i].status_list_entry.index for i in (0, 1, 3)}
    assert statuslist.decode(status["credentialSubject"]["encodedList"]) == places
    # A full rebuild gives the same 2.0 list, byte for byte.
    stored = RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2).plain_body()
    docs.revocation_documents_rebuild(issuer=issuer)
    assert RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2).plain_body() == stored


def test_an_issuer_with_nothing_revoked_serves_empty_documents(client):
    issuer = IssuerFactory()
    assert client.get(list_path(issuer)).json() == old_revocation_list(issuer)
    assert client.get(list_path(issuer)).json()["revokedAssertions"] == []
    status = client.get(status_path(issuer)).json()
    assert statuslist.decode(status["credentialSubject"]["encodedList"]) == set()
    first = award(issuer=issuer)
    revoke(first)  # the first entry of a stored, empty list
    assert client.get(list_path(issuer)).json() == old_revocation_list(issuer)
    missing = "/ob/v2/issuers/00000000-0000-0000-0000-000000000000/revocations"
    assert client.get(missing).status_code == 404


def test_revoking_rewrites_the_documents_in_its_own_transaction(client, issuer_with_history):
    issuer, awarded = issuer_with_history
    client.get(list_path(issuer))
    client.get(status_path(issuer))
    before = {d.kind: d.version for d in RevocationDocument.objects.filter(issuer=issuer)}

    class Undo(Exception):
        pass

    def revoke_then_fail():
        with transaction.atomic():
            revoke(awarded[2])
            inside = {d.kind: d for d in RevocationDocument.objects.filter(issuer=issuer)}
            assert hosting.assertion_url(awarded[2]).encode() in inside[Kind.OB2].plain_body()
            assert inside[Kind.OB2].version == before[Kind.OB2] + 1
            assert inside[Kind.STATUS_LIST].version == before[Kind.STATUS_LIST] + 1
            raise Undo  # the revocation fails later in its transaction: the documents too

    with pytest.raises(Undo):
        revoke_then_fail()
    after = {d.kind: d.version for d in RevocationDocument.objects.filter(issuer=issuer)}
    assert after == before
    assert client.get(list_path(issuer)).json()["revokedAssertions"] == []

    # An assertion never issued as a 3.0 credential has no bit: the status list stays.
    revoke(awarded[5])
    after = {d.kind: d.version for d in RevocationDocument.objects.filter(issuer=issuer)}
    assert after == {Kind.OB2: before[Kind.OB2] + 1, Kind.STATUS_LIST: before[Kind.STATUS_LIST]}


@pytest.mark.parametrize("path_for", [list_path, status_path], ids=["ob2", "statuslist"])
def test_conditional_get_answers_304_and_the_etag_changes_on_revocation(
    client, issuer_with_history, path_for
):
    issuer, awarded = issuer_with_history
    path = path_for(issuer)
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"')  # strong, not W/"..."
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Access-Control-Allow-Origin"] == "*"

    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200

    revoke(awarded[0])
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(path, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_if_modified_since_sees_a_later_revocation(client, issuer_with_history):
    issuer, awarded = issuer_with_history
    modified = client.get(list_path(issuer))["Last-Modified"]
    # The stored list was built a minute ago; the revocation rewrites it now.
    RevocationDocument.objects.filter(issuer=issuer).update(
        updated_at=timezone.now() - timedelta(minutes=1)
    )
    modified = client.get(list_path(issuer))["Last-Modified"]
    revoke(awarded[0])
    response = client.get(list_path(issuer), HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 200
    assert len(response.json()["revokedAssertions"]) == 1


def _serving_queries(client, path: str) -> tuple[int, int]:
    client.get(path)  # built (and the signing key made) on the first request
    with CaptureQueriesContext(connection) as full:
        etag = client.get(path)["ETag"]
    with CaptureQueriesContext(connection) as conditional:
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    return len(full), len(conditional)


def _issuer_with_revoked(count: int):
    issuer = IssuerFactory()
    badge = BadgeClassFactory(issuer=issuer)
    now = timezone.now()
    for n in range(count):
        a = AssertionFactory(badge_class=badge, revoked_at=now, revocation_reason=f"Reason {n}")
        services.status_list_entry_for(assertion=a)
    return issuer


@pytest.mark.parametrize("path_for", [list_path, status_path], ids=["ob2", "statuslist"])
def test_serving_takes_the_same_queries_with_5_or_50_revoked(client, path_for):
    few, many = _issuer_with_revoked(5), _issuer_with_revoked(50)
    counts = _serving_queries(client, path_for(few))
    assert counts == _serving_queries(client, path_for(many))
    assert counts == (2, 1)  # the row's validators, then its body; a 304 reads no body
    assert len(client.get(list_path(many)).json()["revokedAssertions"]) == 50


def test_allocating_past_the_list_grows_it_by_a_block(client):
    issuer = IssuerFactory()
    a = award(issuer=issuer)
    services.status_list_entry_for(assertion=a)
    client.get(status_path(issuer))
    stored = RevocationDocument.objects.get(issuer=issuer, kind=Kind.STATUS_LIST)
    assert len(stored.bits) * 8 == statuslist.MIN_BITS
    # What a bulk award reports once per issuer (its places are allocated in bulk).
    docs.revocation_documents_record_allocation(
        issuer_id=issuer.pk, highest_index=statuslist.MIN_BITS
    )
    stored.refresh_from_db()
    assert len(stored.bits) * 8 == 2 * statuslist.MIN_BITS
    encoded = client.get(status_path(issuer)).json()["credentialSubject"]["encodedList"]
    assert len(statuslist.decode_bitstring(encoded)) * 8 == 2 * statuslist.MIN_BITS
    version = stored.version
    docs.revocation_documents_record_allocation(issuer_id=issuer.pk, highest_index=5)
    stored.refresh_from_db()
    assert stored.version == version  # fits: nothing rewritten


def test_rotating_the_key_or_renaming_the_issuer_re_signs_the_status_list(client):
    issuer = IssuerFactory()
    services.status_list_entry_for(assertion=award(issuer=issuer))
    before = client.get(status_path(issuer)).json()
    key = services.issuer_key_rotate(actor=None, issuer=issuer)
    after = client.get(status_path(issuer)).json()
    assert after["proof"]["verificationMethod"].endswith(f"#{key.kid}")
    assert after["proof"]["verificationMethod"] != before["proof"]["verificationMethod"]
    services.issuer_update(
        actor=None, issuer=issuer, name="Renamed Credentials", url=issuer.url, email=issuer.email
    )
    assert (
        client.get(status_path(issuer)).json()["name"] == "Renamed Credentials: revoked credentials"
    )


def test_rebuild_command_builds_every_issuer_and_refuses_an_unknown_one(issuer_with_history):
    issuer, awarded = issuer_with_history
    revoke(awarded[0])
    RevocationDocument.objects.all().delete()
    AssertionFactory(  # written around the revoke service, as a restore would
        badge_class=awarded[1].badge_class, revoked_at=timezone.now(), revocation_reason="Old"
    )
    call_command("rebuild_revocation_documents")
    stored = RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2)
    assert stored.revoked_count == 2
    assert json.loads(stored.plain_body()) == old_revocation_list(issuer)
    call_command("rebuild_revocation_documents", "--issuer", str(issuer.public_id))
    assert (
        RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2).version == stored.version + 1
    )
    with pytest.raises(CommandError, match="not an issuer's public id"):
        call_command("rebuild_revocation_documents", "--issuer", "nope")
    with pytest.raises(CommandError, match="No issuer has"):
        call_command(
            "rebuild_revocation_documents", "--issuer", "00000000-0000-0000-0000-000000000000"
        )


def test_the_2_0_list_is_stored_compressed_and_sent_compressed_to_who_takes_gzip(
    client, issuer_with_history
):
    issuer, awarded = issuer_with_history
    revoke(awarded[0])
    stored = RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2)
    assert stored.gzipped
    assert bytes(stored.body)[:2] == b"\x1f\x8b"  # a gzip member
    assert len(bytes(stored.body)) < len(stored.plain_body())

    plain = client.get(list_path(issuer))
    assert "Content-Encoding" not in plain
    assert plain.json() == old_revocation_list(issuer)

    zipped = client.get(list_path(issuer), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == old_revocation_list(issuer)
    # Each representation has its own strong validator, and each answers 304.
    assert zipped["ETag"] != plain["ETag"]
    assert not zipped["ETag"].startswith("W/")
    again = client.get(
        list_path(issuer), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert again.status_code == 304
    assert client.get(list_path(issuer), HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    # A plain validator does not match the compressed representation.
    assert (
        client.get(
            list_path(issuer), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"]
        ).status_code
        == 200
    )
    # The status list credential stays uncompressed (it is already a gzip bitstring).
    status_doc = RevocationDocument.objects.get(issuer=issuer, kind=Kind.STATUS_LIST)
    assert not status_doc.gzipped
    assert "Content-Encoding" not in client.get(status_path(issuer), HTTP_ACCEPT_ENCODING="gzip")


def test_a_list_stored_before_compression_is_served_and_extended(client, issuer_with_history):
    issuer, awarded = issuer_with_history
    client.get(list_path(issuer))
    doc = RevocationDocument.objects.get(issuer=issuer, kind=Kind.OB2)
    RevocationDocument.objects.filter(pk=doc.pk).update(body=doc.plain_body(), gzipped=False)
    assert client.get(list_path(issuer), HTTP_ACCEPT_ENCODING="gzip").json() == (
        old_revocation_list(issuer)
    )
    revoke(awarded[1])
    assert RevocationDocument.objects.get(pk=doc.pk).gzipped
    assert client.get(list_path(issuer)).json() == old_revocation_list(issuer)
