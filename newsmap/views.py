from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsmap.models import Figure


@require_GET
def overview(request):
    figures = (
        Figure.objects.approved()
        .select_related("article", "contributor")
        .order_by("-article__published", "article", "sentence_start")[:500]
    )
    return render(request, "newsmap/overview.html", {"figures": figures})
