"""A Django hello world, served by gunicorn as the dashboard is: the floor `make bench-scale` measures
the dashboard's throughput against, in the same run and on the same machine."""

from django.conf import settings

settings.configure(DEBUG=False, SECRET_KEY="bench-only", ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF=__name__)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
