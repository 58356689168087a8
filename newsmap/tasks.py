"""Background work, run by the django-tasks-db worker (`manage.py db_worker`)."""

from django.tasks import task

from newsmap.ingest import run_extraction
from newsmap.models import Article


@task()
def extract_article(article_id: int) -> str:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return f"article {article_id} no longer exists"
    return str(run_extraction(article))
