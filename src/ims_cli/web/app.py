"""`ims serve`: the reporting forms for employees (/meld) and innbyggere (/meld/innbygger), the
receipt with its tracking code, the status page (/status/<code>) and a health check (/helse),
as a Starlette application over one records repository.

Each report becomes one avvik through operations.reporting, which writes and commits it under
the repository's lock. Here: reading the request, the guards (web.guard), and the pages
(render.serve). A form that fails a check is shown again with its messages; nothing is written.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ims_cli.analytics.units import ancestor_at, by_id
from ims_cli.errors import UserError
from ims_cli.operations import reporting
from ims_cli.operations.reporting import NotValid, Problems, Receipt, Report
from ims_cli.render.serve import Pages
from ims_cli.store.load import Repository
from ims_cli.store.root import CONFIG_FILE, RECORDS_DIR
from ims_cli.web.guard import (
    BROWSER_COOKIE,
    MAX_BODY,
    BodyLimit,
    Proxies,
    RateLimit,
    Tokens,
    client_of,
    header,
    proxy_problem,
)

FIELD_NAMES = {
    "type": "Hva vil du melde",
    "enhet": "Enhet",
    "kategori": "Kategori",
    "tittel": "Kort overskrift",
    "beskrivelse": "Hva skjedde",
    "hendt_dato": "Dato det skjedde",
    "hendt_tid": "Klokkeslett",
    "sted": "Hvor",
    "strakstiltak": "Hva ble gjort med en gang",
    "alvorlighet": "Hvor alvorlig",
    "personskade": "Ble noen skadet",
    "navn": "Navn",
    "epost": "E-postadresse",
}
# The fields each form reads; any other field a request sends is ignored.
EMPLOYEE_FIELDS = (*FIELD_NAMES, "anonym", "svar", "vold")
CITIZEN_FIELDS = ("type", "enhet", "beskrivelse", "hendt_dato", "navn", "epost", "svar")
TYPES = [
    ("avvik", "Avvik – noe gikk ikke som det skulle"),
    ("uonsket_hendelse", "Uønsket hendelse – noen ble skadet eller kunne blitt det"),
    ("forbedringsforslag", "Forslag til forbedring"),
    ("positiv_tilbakemelding", "Ros og positiv tilbakemelding"),
]
CITIZEN_TYPES = [
    ("avvik", "Noe gikk galt"),
    ("forbedringsforslag", "Forslag til forbedring"),
    ("positiv_tilbakemelding", "Ros"),
]
INJURIES = [
    ("ingen", "Nei, ingen ble skadet"),
    ("lettere", "Ja, lettere skade"),
    ("alvorlig", "Ja, alvorlig skade"),
    ("dodsfall", "Ja, dødsfall"),
]
SEVERITIES = [
    ("1", "1 – ubetydelig"),
    ("2", "2 – liten"),
    ("3", "3 – moderat"),
    ("4", "4 – alvorlig"),
    ("5", "5 – kritisk"),
]
STATUS_WORDS = {
    "meldt": "Meldt – ikke behandlet ennå",
    "under_behandling": "Under behandling",
    "tiltak_iverksatt": "Tiltak er satt i verk",
    "lukket": "Lukket – saken er ferdig behandlet",
    "avvist": "Avsluttet uten videre behandling",
    "videresendt": "Sendt videre til rett instans",
}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a status page's address holds the tracking code
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
TOO_LARGE = (
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>For stor melding</title>'
    "</head><body><h1>For stor melding</h1><p>Meldingen er større enn "
    f"{MAX_BODY // 1024} kB og ble ikke tatt imot. Kort ned teksten og send igjen. Vedlegg kan "
    "ikke sendes her.</p></body></html>"
).encode()


def _log(text: str) -> None:
    print(f"ims serve: {text}", file=sys.stderr, flush=True)


@dataclass
class Service:
    """One server's state: the repository, its registers (read again when they change), the
    guards, and the forms already taken (a form sent twice gets the first receipt again)."""

    root: Path
    load: Callable[[Path], Repository]
    today: Callable[[], date] = date.today
    tokens: Tokens = field(default_factory=Tokens)
    _catalogue: tuple[tuple[Any, ...], Repository] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _taken: dict[str, tuple[float, Receipt | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        repo = self.repository()
        config = repo.config.innmelding
        problem = proxy_problem(config.proxy)
        if problem:
            raise UserError(f"ims.yaml: {problem}")
        self.proxies = Proxies(config.proxy)
        self.posts = RateLimit(config.per_time)
        self.lookups = RateLimit(config.per_time * 10)
        self.pages = Pages(self.root, repo.config.organisasjon)

    def _stamp(self) -> tuple[Any, ...]:
        names = [CONFIG_FILE, *(f"{RECORDS_DIR}/{n}.yaml" for n in _REGISTERS)]
        stamps: list[tuple[int, int] | None] = []
        for name in names:
            try:
                status = os.stat(self.root / name)
                stamps.append((status.st_mtime_ns, status.st_size))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def repository(self) -> Repository:
        """The registers and ids, read again when ims.yaml or a register changed."""
        with self._lock:
            stamp = self._stamp()
            if self._catalogue is None or self._catalogue[0] != stamp:
                self._catalogue = (stamp, self.load(self.root))
            return self._catalogue[1]

    def claim(self, nonce: str) -> tuple[bool, Receipt | None]:
        """(True, None) when this form is new and now taken; else (False, its receipt, or
        None while it is still being written)."""
        now = time.monotonic()
        with self._lock:
            if len(self._taken) > 50_000:
                self._taken = {k: v for k, v in self._taken.items() if v[0] > now - 6 * 3600}
            if nonce in self._taken:
                return False, self._taken[nonce][1]
            self._taken[nonce] = (now, None)
            return True, None

    def settle(self, nonce: str, receipt: Receipt | None) -> None:
        with self._lock:
            if receipt is None:
                self._taken.pop(nonce, None)  # not written: the form may be sent again
            else:
                self._taken[nonce] = (time.monotonic(), receipt)


_REGISTERS = ("organisasjon", "lovkrav", "risikobank")


def _browser(request: Request) -> tuple[str, bool]:
    """The browser's own random id (its cookie), and whether it is new (made once a request)."""
    known = request.cookies.get(BROWSER_COOKIE)
    if known and 16 <= len(known) <= 64 and known.replace("-", "").replace("_", "").isalnum():
        return known, False
    if not hasattr(request.state, "browser"):
        request.state.browser = secrets.token_urlsafe(24)
    return request.state.browser, True


def _respond(request: Request, body: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(body, status_code=status, headers=HEADERS)
    browser, new = _browser(request)
    if new:
        response.set_cookie(
            BROWSER_COOKIE,
            browser,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def _groups(repo: Repository, citizen: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """The units for the form's list, under their tjenesteområde; innbyggere choose among the
    virksomheter (the services they meet)."""
    org = repo.organisasjon
    if org is None:
        return []
    units = by_id(org)
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit in org.enheter:
        if citizen and unit.niva != "virksomhet":
            continue
        area = ancestor_at(org, unit.id, "tjenesteomrade")
        label = units[area].navn if area in units else "Kommunen"
        groups.setdefault(label, []).append((unit.id, unit.navn))
    return sorted(
        ((g, sorted(u, key=lambda x: x[1])) for g, u in groups.items()), key=lambda g: g[0]
    )


def _person(service: Service, request: Request, repo: Repository) -> tuple[str | None, str | None]:
    """(person id, name) of the employee the reverse proxy says is logged in; only a listed
    proxy is believed, and only a person of organisasjon.yaml is anyone."""
    _, from_proxy = client_of(request.scope, service.proxies)
    user = header(request.scope, b"remote-user") if from_proxy else None
    if not user or repo.organisasjon is None:
        return None, None
    wanted = user.strip().casefold()
    for person in repo.organisasjon.personer:
        names = (person.id, person.epost or "", person.git or "")
        if wanted in (n.casefold() for n in names if n):
            return person.id, person.navn
    return None, None


async def _form(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The fields a form reads, as text; any other field, and any file, is left out."""
    try:
        posted = await request.form(max_files=0, max_fields=60, max_part_size=MAX_BODY)
    except Exception:  # a body that is no form: as an empty one
        return {}
    wanted = {*names, "skjema", "nettsted"}
    return {k: v for k, v in posted.items() if k in wanted and isinstance(v, str)}


def _page_values(service: Service, repo: Repository, citizen: bool) -> dict[str, Any]:
    return {
        "grupper": _groups(repo, citizen),
        "kategorier": reporting.categories(repo),
        "typer": CITIZEN_TYPES if citizen else TYPES,
        "alvorlighetsgrader": SEVERITIES,
        "skader": INJURIES,
        "feltnavn": FIELD_NAMES,
    }


def _show_form(
    service: Service,
    request: Request,
    citizen: bool,
    *,
    values: dict[str, str] | None = None,
    problems: Problems | None = None,
    message: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    repo = service.repository()
    browser, _ = _browser(request)
    _, navn = _person(service, request, repo)
    body = service.pages.page(
        "innbygger" if citizen else "meld",
        token=service.tokens.issue(browser),
        verdier=values or {},
        feil=problems.fields if problems else {},
        melding=message,
        person=navn,
        **_page_values(service, repo, citizen),
    )
    return _respond(request, body, status)


def _message(service: Service, request: Request, title: str, text: str, status: int) -> Response:
    body = service.pages.page(
        "melding", tittel=title, tekst=text, lenke="/meld", lenketekst="Til skjemaet"
    )
    return _respond(request, body, status)


def _limited(service: Service, request: Request, limit: RateLimit) -> Response | None:
    address, _ = client_of(request.scope, service.proxies)
    wait = limit.allow(address)
    if wait is None:
        return None
    minutes = max(1, round(wait / 60))
    response = _message(
        service,
        request,
        "For mange meldinger",
        f"Det er sendt mange meldinger fra denne adressen den siste timen. Prøv igjen om "
        f"{minutes} {'minutt' if minutes == 1 else 'minutter'}.",
        429,
    )
    response.headers["Retry-After"] = str(int(wait) + 1)
    return response


async def _take(request: Request, citizen: bool) -> Response:
    service: Service = request.app.state.service
    refused = _limited(service, request, service.posts)
    if refused is not None:
        return refused
    names = CITIZEN_FIELDS if citizen else EMPLOYEE_FIELDS
    form = await _form(request, names)
    values = {k: v for k, v in form.items() if k in names}
    if form.get("nettsted"):
        return _show_form(
            service, request, citizen, values=values, status=400,
            message="Meldingen er ikke sendt: feltet «La dette feltet stå tomt» var fylt ut. "
            "Tøm det og send igjen.",
        )  # fmt: skip
    browser = request.cookies.get(BROWSER_COOKIE)
    nonce = service.tokens.nonce(form.get("skjema", ""), browser)
    if nonce is None:
        return _show_form(
            service, request, citizen, values=values, status=403,
            message="Skjemaet var for gammelt, eller informasjonskapselen mangler. Teksten din "
            "står under; se over og send igjen (tillat informasjonskapsler for denne siden).",
        )  # fmt: skip
    return await _file(service, request, citizen, values, nonce)


async def _file(
    service: Service, request: Request, citizen: bool, values: dict[str, str], nonce: str
) -> Response:
    repo = service.repository()
    today = service.today()
    if citizen:
        read = reporting.citizen_report(repo, values, today)
    else:
        read = reporting.employee_report(repo, values, _person(service, request, repo)[0], today)
    if isinstance(read, Problems):
        return _show_form(service, request, citizen, values=values, problems=read, status=400)
    fresh, earlier = service.claim(nonce)
    if not fresh:
        if earlier is not None:
            return _receipt(service, request, earlier, read)
        wait = "Meldingen din blir lagret nå. Vent litt, og last siden på nytt."
        return _message(service, request, "Meldingen sendes", wait, 409)
    receipt = None
    try:
        receipt = await run_in_threadpool(
            reporting.file_report, service.root, read, today, lambda _: service.repository()
        )
    except NotValid as error:
        _log(str(error))
        return _show_form(
            service, request, citizen, values=values, status=400,
            message=f"Meldingen er ikke sendt: {error}. Rett skjemaet og send igjen.",
        )  # fmt: skip
    except UserError as error:
        _log(str(error))
        return _show_form(
            service, request, citizen, values=values, status=503,
            message="Meldingen kunne ikke lagres akkurat nå, og ingenting er lagret. Prøv igjen "
            "om litt; teksten din står under.",
        )  # fmt: skip
    finally:
        service.settle(nonce, receipt)
    _log(f"{receipt.record_id} lagret i {receipt.path}")
    return _receipt(service, request, receipt, read)


def _receipt(service: Service, request: Request, receipt: Receipt, report: Report) -> Response:
    body = service.pages.page(
        "kvittering", kode=receipt.code, maskert=receipt.masked, svar=bool(report.epost)
    )
    return _respond(request, body)


async def employee_form(request: Request) -> Response:
    if request.method == "POST":
        return await _take(request, citizen=False)
    return _show_form(request.app.state.service, request, citizen=False)


async def citizen_form(request: Request) -> Response:
    if request.method == "POST":
        return await _take(request, citizen=True)
    return _show_form(request.app.state.service, request, citizen=True)


async def status_page(request: Request) -> Response:
    service: Service = request.app.state.service
    code = request.path_params.get("kode") or request.query_params.get("kode", "")
    code = " ".join(code.split())[:60]
    if "kode" not in request.path_params and code:
        return RedirectResponse(f"/status/{code.replace(' ', '')}", 303, headers=HEADERS)
    refused = _limited(service, request, service.lookups) if code else None
    if refused is not None:
        return refused
    vocabulary = service.repository().config.vocabulary()
    found = (
        await run_in_threadpool(reporting.standing, service.root, code, vocabulary)
        if code
        else None
    )
    body = service.pages.page("status", kode=code, stand=found, statusord=STATUS_WORDS)
    return _respond(request, body, 200 if found or not code else 404)


async def health(request: Request) -> Response:
    """200 with what the server manager needs to see; 503 when reports cannot be taken."""
    service: Service = request.app.state.service
    try:
        repo = await run_in_threadpool(service.repository)
        reporting.check_branch(service.root, repo.config.innmelding.gren)
    except UserError as error:
        return JSONResponse({"status": "feil", "melding": str(error)}, 503, headers=HEADERS)
    return JSONResponse({"status": "ok"}, headers=HEADERS)


async def stylesheet(request: Request) -> Response:
    service: Service = request.app.state.service
    headers = {**HEADERS, "Cache-Control": "max-age=3600"}
    return Response(service.pages.stylesheet(), media_type="text/css", headers=headers)


async def front(request: Request) -> Response:
    return RedirectResponse("/meld", 303, headers=HEADERS)


async def _server_error(request: Request, error: Exception) -> Response:
    _log("uventet feil:\n" + "".join(traceback.format_exception(error)))
    body = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Feil</title></head>'
        "<body><h1>Noe gikk galt</h1><p>Meldingen ble ikke lagret. Prøv igjen om litt; "
        "virker det fortsatt ikke, si fra til kommunens IT-brukerstøtte.</p></body></html>"
    )
    return HTMLResponse(body, 500, headers=HEADERS)


def application(service: Service) -> Any:
    """The ASGI application: the routes, behind the limit on a request's size."""
    routes = [
        Route("/", front),
        Route("/meld", employee_form, methods=["GET", "POST"]),
        Route("/meld/innbygger", citizen_form, methods=["GET", "POST"]),
        Route("/status", status_page),
        Route("/status/{kode}", status_page),
        Route("/helse", health),
        Route("/stil.css", stylesheet),
    ]
    app = Starlette(routes=routes, exception_handlers={Exception: _server_error})
    app.state.service = service
    return BodyLimit(app, MAX_BODY, TOO_LARGE)
