from django.apps import AppConfig


class NewsMapConfig(AppConfig):
    name = "newsmap"
    verbose_name = "NewsMap"
