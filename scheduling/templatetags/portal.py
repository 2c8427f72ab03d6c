"""The portal's menu: the practitioner's agendas, each named by its
department and hospital, read in one query (not two more per agenda)."""

from django import template

register = template.Library()


@register.simple_tag
def agendas_of(practitioner):
    """``{% agendas_of request.user.practitioner as agendas %}``"""
    return practitioner.agendas.select_related("department__establishment")
