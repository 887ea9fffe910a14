"""PLACEHOLDER being replaced by the HTML views (in progress)."""

from django.http import Http404


def submission_list(request, **kwargs):
    raise Http404


def submission_start(request, **kwargs):
    raise Http404


def submission_detail(request, **kwargs):
    raise Http404


def artifact_add_file(request, **kwargs):
    raise Http404


def artifact_add_link(request, **kwargs):
    raise Http404


def artifact_add_reflection(request, **kwargs):
    raise Http404


def artifact_remove(request, **kwargs):
    raise Http404


def submission_submit(request, **kwargs):
    raise Http404


def submission_revise(request, **kwargs):
    raise Http404


def submission_withdraw(request, **kwargs):
    raise Http404


def submission_set_public(request, **kwargs):
    raise Http404


def review_create(request, **kwargs):
    raise Http404


def reviewer_note_create(request, **kwargs):
    raise Http404


def artifact_download(request, **kwargs):
    raise Http404


def review_queue(request, **kwargs):
    raise Http404


def moderation_queue(request, **kwargs):
    raise Http404


def moderation_decide(request, **kwargs):
    raise Http404


def moderation_resolve(request, **kwargs):
    raise Http404


def evidence_public(request, **kwargs):
    raise Http404


def notification_list(request, **kwargs):
    raise Http404


def notification_read(request, **kwargs):
    raise Http404
