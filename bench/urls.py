"""The site's URLs and /bench/hello: a fixed string through the whole
middleware stack, the ceiling any page of the site can reach."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *site_urlpatterns]
