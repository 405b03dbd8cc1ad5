"""Every rule code ims reports, with its severity and a one-line Norwegian title.

README.md documents each code; a test keeps the two in step.
"""

from __future__ import annotations

from ims_cli.findings import Severity

CODES: dict[str, tuple[Severity, str]] = {
    # The file itself
    "Y001": ("feil", "Filen er ikke gyldig UTF-8"),
    "Y002": ("feil", "YAML-syntaksfeil"),
    "Y003": ("feil", "Samme nøkkel står to ganger"),
    "Y004": ("feil", "Tabulator i innrykk"),
    "Y005": ("feil", "Filen er for stor"),
    "Y006": ("feil", "Anker eller alias (& og *) er ikke tillatt"),
    "Y007": ("feil", "Filen er tom eller er ikke en samling nøkkel: verdi"),
    "Y008": ("feil", "Markdown-filen mangler front matter mellom ---"),
    "Y009": ("feil", "Filen kan ikke leses"),
    "Y010": ("feil", "Kontrolltegn i teksten"),
    "Y011": ("feil", "Flere funn i filen enn det som vises"),
    # The schema
    "S001": ("feil", "Påkrevd felt mangler"),
    "S002": ("feil", "Ukjent felt"),
    "S003": ("feil", "Ugyldig verdi eller type"),
    "S004": ("feil", "Ugyldig dato (bruk ÅÅÅÅ-MM-DD)"),
    "S005": ("feil", "Plassholderen «<fyll inn>» fra malen står fortsatt"),
    # Identity
    "I001": ("feil", "Posten har ingen id med kjent prefiks"),
    "I002": ("feil", "Samme id brukes i flere filer"),
    "I003": ("feil", "Filnavnet stemmer ikke med id"),
    "I004": ("feil", "Samme under-id (tiltak, risiko, mål …) to ganger i en post"),
    # References
    "R001": ("feil", "Ukjent enhet"),
    "R002": ("feil", "Ukjent person"),
    "R003": ("feil", "Ukjent prosess"),
    "R004": ("feil", "Ukjent ROS eller ROS-risiko"),
    "R005": ("feil", "Ukjent lovkrav"),
    "R006": ("feil", "Ukjent kategori i risikobanken"),
    "R007": ("feil", "Ukjent avvik"),
    "R008": ("feil", "Feil i enhetshierarkiet"),
    "R009": ("feil", "records/organisasjon.yaml mangler"),
    "R010": ("feil", "samme_som peker ikke på et tiltak som finnes"),
    "R011": ("feil", "To avvik følger opp samme funn fra en revisjon"),
    "R012": ("feil", "Ukjent revisjon eller vernerunde i et avviks funn"),
    # Business rules from RECORDS.md
    "B001": ("feil", "Fullført tiltak uten fullført-dato"),
    "B002": ("advarsel", "Tiltak har fullført-dato, men status er ikke fullfort"),
    "B003": ("feil", "Lukket avvik uten lukket-dato"),
    "B004": ("advarsel", "Avvik har lukket-dato, men status er ikke lukket"),
    "B005": ("advarsel", "Lukket avvik uten rotårsak"),
    "B006": ("feil", "Risiko over terskelen eller med lovbrudd uten tiltak"),
    "B007": ("feil", "Sannsynlighet eller konsekvens utenfor risikomatrisen"),
    "B008": ("feil", "Signeringsdato utenfor rimelig tidsrom for avtaleåret"),
    "B009": ("feil", "Datoer i feil rekkefølge"),
    "B010": ("advarsel", "Endringsloggen mangler innslag for gjeldende versjon"),
    "B011": ("feil", "Akseptabel verdi ligger på feil side av målverdien"),
    "B012": ("advarsel", "Året i lederavtalen stemmer ikke med id eller resultatperiode"),
    "B013": ("advarsel", "Restrisiko er høyere enn risikoen før tiltak"),
    "B014": ("feil", "Lukket avvik med tiltak som ikke er fullført eller avbrutt"),
    "B015": ("advarsel", "Lukket avvik med fullført tiltak uten evaluering"),
    "B016": ("advarsel", "Lukket avvik fra tilsyn uten dato tilsynet lukket funnet"),
    "B017": ("feil", "Egenvurdering med område eller nivå som ikke står i ims.yaml"),
    "B018": ("advarsel", "Egenvurdering med ambisjon lavere enn nivået i dag"),
    "B019": ("feil", "Personvernavvik uten personvern-blokk"),
    "B020": ("feil", "HMS-hendelse uten hms-blokk"),
    "B021": ("feil", "Vurdering av brudd på personopplysningssikkerheten uten begrunnelse"),
    "B022": ("advarsel", "Brudd med høy risiko uten at de registrerte er informert"),
    "B023": ("advarsel", "Varsel om alvorlig personskade ikke bekreftet skriftlig"),
    "B024": ("advarsel", "Personvernombudet er gitt en plikt som behandlingsansvarlig har"),
    "B025": ("advarsel", "Vernerunde uten verneombud eller uten virksomhetens leder"),
    "B026": ("feil", "Pålegg fra tilsyn uten frist"),
    # Deadlines (ims check): the record is valid, but late
    "F001": ("feil", "Tiltak over fristen"),
    "F002": ("feil", "ROS over evalueringsdatoen"),
    "F003": ("feil", "Prosessbeskrivelse over revisjonsdatoen"),
    "F004": ("feil", "Lederdialog mangler for halvåret"),
    "F005": ("feil", "Avvik ikke behandlet innen fristen"),
    "F006": ("feil", "Brudd på personopplysningssikkerheten ikke meldt til Datatilsynet"),
    "F007": ("feil", "Alvorlig personskade ikke varslet til Arbeidstilsynet og politiet"),
    "F008": ("feil", "Lovkrav ikke gjennomgått innen fristen"),
    "F009": ("advarsel", "Fristen for å melde brudd til Datatilsynet løper"),
    "F010": ("feil", "Alvorlig hendelse ikke varslet til Statens helsetilsyn"),
    "F011": ("advarsel", "Internkontrollrapporten er ikke behandlet i kommunestyret"),
    "F012": ("feil", "Varsleren har ikke fått tilbakemelding innen fristen"),
    "F013": ("feil", "Virksomhet uten vernerunde innen fristen"),
    "F014": ("feil", "Ingen beredskapsøvelse innen fristen"),
    "F015": ("feil", "Beredskapsøvelse ikke evaluert innen fristen"),
    "F016": ("feil", "Pålegg fra tilsyn ikke lukket innen fristen"),
    # Review of a change between two revisions (ims diff)
    "D001": ("feil", "Endret prosessbeskrivelse uten versjon hevet med én"),
    "D002": ("feil", "Ny versjon uten innslag i endringsloggen"),
    "D003": ("feil", "Endret prosessbeskrivelse uten ny godkjenningsdato"),
    "D004": ("feil", "Endret ROS uten ny dato"),
    "D005": ("feil", "Id-en til en post er endret"),
    "D006": ("feil", "Post slettet uten at den er lukket og uten begrunnelse"),
    # Confidentiality
    "P001": ("feil", "Fødselsnummer eller D-nummer i klartekst der det ikke er tillatt"),
    # Encryption at rest of graded records (kryptering in ims.yaml)
    "K001": ("feil", "Gradert post med tekst i klartekst når kryptering er på"),
    "K002": ("feil", "Kryptert post med feil lesere"),
    "K003": ("advarsel", "Leser av graderte poster uten nøkkel"),
    "K004": ("feil", "Strengt fortrolig post uten tilgang"),
    "K005": ("feil", "Tekst som «(gradert)» uten den krypterte delen"),
    # Configuration
    "C001": ("feil", "Ugyldige risikonivåer i ims.yaml"),
    "C002": ("feil", "Celletabellen for risikomatrisen passer ikke til matrisen"),
    "C003": ("feil", "Listene under verdier i ims.yaml passer ikke sammen"),
}


def severity(code: str) -> Severity:
    return CODES[code][0]
