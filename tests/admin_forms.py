"""Building admin POST data the way a browser would submit the rendered form."""

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
