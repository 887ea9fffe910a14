"""core.notices: a notice is written at once; its e-mail goes after commit, straight
away or in the person's daily digest."""

import pytest

from core import notices
from core.models import AuditEntry, NoticePreference, Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def digest_reader(**kwargs):
    user = UserFactory(**kwargs)
    NoticePreference.objects.create(user=user, email=NoticePreference.Email.DIGEST)
    return user


def test_a_notice_is_emailed_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        note = notices.notify(user=user, message="Hello there", link="/evidence/")
        assert mailoutbox == []
    assert Notification.objects.get(pk=note.pk).user == user
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert "Hello there" in mailoutbox[0].subject
    assert "/evidence/" in mailoutbox[0].body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_a_digest_reader_gets_the_notice_but_no_email_now(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = digest_reader()
    with django_capture_on_commit_callbacks(execute=True):
        note = notices.notify(user=user, message="Hello", link="")
    assert mailoutbox == []
    assert Notification.objects.get(pk=note.pk).emailed_at is None
    assert list(notices.digest_notices(user=user)) == [note]
    assert user in notices.digest_readers_with_news()


def test_notify_all_counts_who_was_emailed_and_who_waits_for_the_digest(
    mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    now_people = UserFactory.create_batch(2)
    later = digest_reader()
    with django_capture_on_commit_callbacks(execute=False):  # noqa: SIM117
        with django_assert_max_num_queries(4):
            told = notices.notify_all(users=[*now_people, later, now_people[0]], message="Hi")
    assert (told.immediate, told.digest, told.people) == (2, 1, 3)
    assert Notification.objects.count() == 3
    assert notices.notify_all(users=[], message="Hi") == notices.Told()


def test_the_choice_is_saved_and_audited():
    user = UserFactory()
    assert notices.email_choice_of(user) == "immediate"
    notices.notice_preference_set(actor=user, email="digest")
    assert notices.email_choice_of(user) == "digest"
    assert AuditEntry.objects.filter(action="notice_preference.set", actor=user).count() == 1
    notices.notice_preference_set(actor=user, email="digest")  # no change, no row
    assert AuditEntry.objects.filter(action="notice_preference.set").count() == 1


def test_a_bad_choice_changes_nothing():
    user = digest_reader()
    with pytest.raises(notices.NoticeError):
        notices.notice_preference_set(actor=user, email="hourly")
    assert notices.email_choice_of(user) == "digest"
    assert not AuditEntry.objects.exists()


def test_a_notice_is_emailed_once():
    from core.tasks import send_notification_email

    user = UserFactory()
    note = Notification.objects.create(user=user, message="Once")
    assert send_notification_email(note.pk) is True
    assert send_notification_email(note.pk) is False
