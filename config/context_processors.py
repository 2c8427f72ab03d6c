from django.conf import settings


def institution(request) -> dict:
    return {"INSTITUTION_NAME": settings.INSTITUTION_NAME}
