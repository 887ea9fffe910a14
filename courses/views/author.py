"""PLACEHOLDER: author views are being written."""

from django.http import Http404


def assignment_create(request, **kwargs):
    raise Http404


def assignment_detail(request, **kwargs):
    raise Http404


def assignment_list(request, **kwargs):
    raise Http404


def cohort_create(request, **kwargs):
    raise Http404


def exemplar_create(request, **kwargs):
    raise Http404


def exemplar_decline(request, **kwargs):
    raise Http404


def exemplar_propose(request, **kwargs):
    raise Http404


def exemplar_publish(request, **kwargs):
    raise Http404


def exemplar_review_list(request, **kwargs):
    raise Http404


def module_create(request, **kwargs):
    raise Http404


def module_edit(request, **kwargs):
    raise Http404


def module_list(request, **kwargs):
    raise Http404


def module_new_version(request, **kwargs):
    raise Http404


def module_preview(request, **kwargs):
    raise Http404


def module_publish(request, **kwargs):
    raise Http404


def module_retire(request, **kwargs):
    raise Http404


def step_add(request, **kwargs):
    raise Http404


def step_move(request, **kwargs):
    raise Http404


def step_remove(request, **kwargs):
    raise Http404

