"""Small pieces every app's pages and messages share: public addresses, date widgets, mail
in a person's language, CSV files that Excel opens."""

import csv
from contextlib import nullcontext

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import get_format

# What a spreadsheet would run as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def absolute_url(viewname: str, *args, neutral: bool = False) -> str:
    """The public address of a page (``SITE_URL`` + its path) in the active language, or,
    with ``neutral``, without a language prefix: an address that never changes (printed on
    paper, in QR codes, in Open Badges)."""
    if neutral:
        with translation.override(settings.LANGUAGE_CODE):
            return settings.SITE_URL + reverse(viewname, args=args)
    return settings.SITE_URL + reverse(viewname, args=args)


def send_templated_mail(
    *, template: str, context: dict, to: str, language: str, time_zone=None
) -> None:
    """Send ``<template>_subject.txt`` and ``<template>_message.txt`` rendered in the
    person's language (and time zone, when given)."""
    zone = timezone.override(time_zone) if time_zone else nullcontext()
    with translation.override(language or settings.LANGUAGE_CODE), zone:
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    send_mail(subject, body, None, [to])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def spreadsheet_text(text: str) -> str:
    """Text as a spreadsheet shows it, never run as a formula."""
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def excel_csv_writer(stream):
    """A CSV writer Excel reads in the active language: the file starts with a byte-order mark
    (so the Cyrillic reads right), and values are separated by semicolons where the decimal
    separator is a comma (Russian, Kazakh), else by commas."""
    stream.write("\ufeff")
    delimiter = ";" if get_format("DECIMAL_SEPARATOR") == "," else ","
    return csv.writer(stream, delimiter=delimiter)
