"""Cairn's URLs and /test/body-length, which reads the request body by blocks (as a view
streaming an upload to storage would) and says its length."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def body_length(request: HttpRequest) -> JsonResponse:
    length = 0
    while block := request.read(1 << 16):
        length += len(block)
    return JsonResponse({"length": length})


urlpatterns = [
    path("test/body-length", body_length),
    path("", include("config.urls")),
]
