"""PLACEHOLDER: learn views are being written."""

from django.http import Http404


def check_submit(request, **kwargs):
    raise Http404


def enrollment_apply(request, **kwargs):
    raise Http404


def enrollment_finish(request, **kwargs):
    raise Http404


def enrollment_start(request, **kwargs):
    raise Http404


def exemplar_detail(request, **kwargs):
    raise Http404


def exemplar_file(request, **kwargs):
    raise Http404


def exemplar_list(request, **kwargs):
    raise Http404


def library(request, **kwargs):
    raise Http404


def module_detail(request, **kwargs):
    raise Http404


def my_learning(request, **kwargs):
    raise Http404


def step_complete(request, **kwargs):
    raise Http404


def step_detail(request, **kwargs):
    raise Http404

