"""Building admin POST data the way a browser would submit the rendered form."""

from html.parser import HTMLParser

from django.db.models import Model


def _value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [_value(v) for v in items]
    if value is None:
        return ""
    return value


def _form_data(form, data):
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        value = _value(value)
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = value


def change_form_data(response) -> dict:
    """The POST data of an admin change page as rendered, inlines included."""
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            _form_data(form, data)
    data.pop("upload", None)
    return data


class _Inputs(HTMLParser):
    """The inputs a browser would submit from a page's forms: hidden ones, and checkboxes that are checked."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input" or "name" not in attrs or attrs.get("name") == "csrfmiddlewaretoken":
            return
        if attrs.get("type") == "hidden" or (attrs.get("type") == "checkbox" and "checked" in attrs):
            self.data.setdefault(attrs["name"], []).append(attrs.get("value", "on"))


def confirmation_data(response, untick=()) -> dict:
    """The POST data of a bulk decision's confirmation page as rendered, less the figures in `untick`."""
    parser = _Inputs()
    parser.feed(response.content.decode())
    data = parser.data
    data["figure"] = [pk for pk in data.get("figure", []) if int(pk) not in {f.pk for f in untick}]
    return data


def confirm_bulk(client, url, data, untick=()):
    """A bulk decision as an editor makes it: the action, then 'yes' on its confirmation page."""
    page = client.post(url, data)
    assert page.status_code == 200 and 'name="confirmed" value="yes"' in page.content.decode(), page.status_code
    return client.post(url, confirmation_data(page, untick), follow=True)
