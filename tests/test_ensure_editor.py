import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_creates_an_editor_once_and_prints_a_working_password(capsys, settings):
    settings.DEBUG = True
    call_command("ensure_editor")
    output = capsys.readouterr().out
    password = output.split("with password: ")[1].split()[0]
    assert authenticate(username="editor", password=password) is not None
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("newsmap.add_article") and not user.has_perm("newsmap.delete_figure")

    call_command("ensure_editor")
    assert "exists" in capsys.readouterr().out
    assert get_user_model().objects.count() == 1


def test_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("ensure_editor")
