"""A reminder (`ims varsel`) as people read it: an e-mail with plain text and HTML, a Markdown
message for Teams, and the dry run's lines. Dates as dd.mm.åååå, people by name."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ims_cli.analytics.reminders import Due, Reminder
from ims_cli.render.markdown_text import md_text
from ims_cli.render.plain import printable
from ims_cli.render.registry import REMINDERS
from ims_cli.render.results import Reminders
from ims_cli.render.rows import rows_json
from ims_cli.words import counted
from ims_cli.words import day as shown

CLOSING = "Oppdater posten når noe er gjort, eller be kvalitetsrådgiveren om hjelp."


def _days(count: int) -> str:
    return f"{count} {'dag' if count == 1 else 'dager'}"


def subject(reminder: Reminder, day: date, due_by: date) -> str:
    parts = []
    if reminder.late:
        parts.append(f"{len(reminder.late)} over fristen")
    if reminder.soon:
        parts.append(f"{len(reminder.soon)} innen {shown(due_by)}")
    # Short enough for one header line: a longer one is folded before its first word.
    return f"Fristene dine per {shown(day)}: " + ", ".join(parts)


def _when(item: Due) -> str:
    if item.days_late > 0:
        return f"frist {shown(item.due)}, {_days(item.days_late)} over fristen"
    if item.days_late == 0:
        return f"frist {shown(item.due)} (i dag)"
    return f"frist {shown(item.due)}, om {_days(-item.days_late)}"


def _line(item: Due, reminder: Reminder) -> str:
    what = item.what[:1].upper() + item.what[1:]
    whose = ""
    if item.owner != reminder.person:
        whose = f" (ansvarlig: {item.owner_name}, som ikke har e-postadresse)"
    return f"{item.ref}: {what}; {_when(item)}{whose}."


def _sections(reminder: Reminder, due_by: date) -> list[tuple[str, list[Due]]]:
    sections = [
        (f"Over fristen ({len(reminder.late)})", reminder.late),
        (f"Frist innen {shown(due_by)} ({len(reminder.soon)})", reminder.soon),
    ]
    return [(title, items) for title, items in sections if items]


def plain(reminder: Reminder, day: date, due_by: date) -> str:
    lines = [
        f"Hei {reminder.navn},",
        "",
        f"Dette er fristene dine i kvalitetssystemet per {shown(day)}.",
    ]
    for title, items in _sections(reminder, due_by):
        lines += ["", f"{title}:", *(f"- {_line(i, reminder)}" for i in items)]
    lines += [
        "",
        "Oppdater posten når noe er gjort, eller be kvalitetsrådgiveren om hjelp.",
        "",
        "Hilsen ims",
    ]
    return printable("\n".join(lines)) + "\n"


def markdown(reminder: Reminder, day: date, due_by: date) -> str:
    """The message for Teams and the like: what comes from records and registers through
    md_text, so it shows as written and does nothing."""
    said = md_text(subject(reminder, day, due_by))
    lines = [f"**{said}**", "", f"Hei {md_text(reminder.navn)},"]
    for title, items in _sections(reminder, due_by):
        lines += ["", f"**{title}**", "", *(f"- {md_text(_line(i, reminder))}" for i in items)]
    return printable("\n".join(lines)) + "\n"


def html_body(reminder: Reminder, day: date, due_by: date) -> str:
    escape = html.escape
    parts = [
        f"<p>Hei {escape(reminder.navn)},</p>",
        f"<p>Dette er fristene dine i kvalitetssystemet per {shown(day)}.</p>",
    ]
    for title, items in _sections(reminder, due_by):
        rows = "".join(f"<li>{escape(_line(i, reminder))}</li>" for i in items)
        parts.append(f"<h2>{escape(title)}</h2><ul>{rows}</ul>")
    parts.append(f"<p>{CLOSING}</p>")
    parts.append("<p>Hilsen ims</p>")
    body = "\n".join(parts)
    title = f"<title>{escape(subject(reminder, day, due_by))}</title>"
    head = f'<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">{title}</head><body>'
    return f"{head}\n{body}\n</body></html>\n"


def email(reminder: Reminder, sender: Address | None, day: date, due_by: date) -> EmailMessage:
    """The message to send: plain text with an HTML alternative. Without a sender (an .eml
    written to send by hand) it is from «ims»."""
    message = EmailMessage()
    message["From"] = sender if sender is not None else "ims"
    message["To"] = reminder.epost or ""
    message["Subject"] = subject(reminder, day, due_by)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.domain if sender else None)
    message.set_content(plain(reminder, day, due_by))
    message.add_alternative(html_body(reminder, day, due_by), subtype="html")
    return message


def dry_run(reminders: Sequence[Reminder]) -> list[str]:
    """Who would get what: one line per receiver, with the references."""
    lines = []
    for r in reminders:
        address = r.epost or "INGEN ADRESSE"
        refs = ", ".join(i.ref for i in r.items)
        lines.append(printable(f"{r.navn} <{address}>: {len(r.items)} ({refs})"))
    return lines


@REMINDERS.renderer("text")
def _dry_run_text(view: Reminders) -> str:
    told = f"{counted(len(view.found), 'melding', 'meldinger')}; ingenting er sendt"
    return "\n".join([*dry_run(view.found), told])


@REMINDERS.renderer("json")
def _dry_run_json(view: Reminders) -> str:
    """{"dato", "frist_innen", "varsler": [...]}: who would get what, one deadline to a line;
    what a deadline says has its graded text left out already (analytics.reminders)."""
    rows = (
        {
            "person": r.person,
            "navn": r.navn,
            "epost": r.epost,
            "frister": [
                {
                    "kode": i.code,
                    "ref": i.ref,
                    "hva": i.what,
                    "frist": i.due.isoformat(),
                    "dager_forfalt": i.days_late,
                    "ansvarlig": i.owner,
                    "fil": i.file,
                }
                for i in r.items
            ],
        }
        for r in view.found
    )
    head = {"dato": view.day.isoformat(), "frist_innen": view.due_by.isoformat()}
    return rows_json(head, "varsler", rows)
