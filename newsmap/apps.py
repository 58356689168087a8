from django.apps import AppConfig


class NewsMapConfig(AppConfig):
    name = "newsmap"
    verbose_name = "NewsMap"

    def ready(self):
        from newsmap import estimates  # noqa: F401  (its signal receivers keep the estimates current)
