"""Every field label the admin shows staff is translated: no "Public id" on a
French screen (issue 14)."""

import pytest
from django.contrib import admin
from django.utils.functional import Promise
from django.utils.translation import override

pytestmark = pytest.mark.django_db

# Spelt the same in French.
SAME_IN_FRENCH = {"agenda", "code", "patient", "INS"}


def _shown_fields(model_admin):
    model = model_admin.model
    readonly = set(model_admin.readonly_fields)
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        if field.editable or field.name in readonly:
            yield field


def test_every_admin_field_label_is_translated():
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("scheduling", "hospital"):
            continue
        for field in _shown_fields(model_admin):
            label = field.verbose_name
            with override("fr"):
                french = str(label)
            same = isinstance(label, Promise) and french == str(label._args[0])
            if not isinstance(label, Promise) or (same and french not in SAME_IN_FRENCH):
                untranslated.append(f"{model._meta.label}.{field.name}: {french}")
    assert untranslated == [], "\n".join(untranslated)
