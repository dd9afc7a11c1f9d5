"""The one translation catalogue of the UI: German first, English second. Templates call
``t("key")``; a key missing here is an error (a test checks every key the templates use)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = ("de", "en")
DEFAULT_LANGUAGE: Language = "de"

# key: (German, English)
CATALOGUE: dict[str, tuple[str, str]] = {
    "app.name": ("Netzwerkstatt", "Netzwerkstatt"),
    "app.skip": ("Zum Inhalt springen", "Skip to content"),
    "app.language": ("Sprache", "Language"),
    "app.switch_language": ("English", "Deutsch"),
    "nav.main": ("Hauptnavigation", "Main navigation"),
    "nav.dashboard": ("Übersicht", "Dashboard"),
    "nav.registry": ("Register", "Registry"),
    "nav.events": ("Veranstaltungen", "Events"),
    "nav.feedback": ("Feedback", "Feedback"),
    "nav.notifications": ("Benachrichtigungen", "Notifications"),
    "nav.operations": ("Betrieb", "Operations"),
    "nav.admin": ("Verwaltung", "Administration"),
    "nav.sub": ("Bereich", "Section"),
    "auth.login": ("Anmelden", "Sign in"),
    "auth.logout": ("Abmelden", "Sign out"),
    "auth.email": ("E-Mail-Adresse", "E-mail address"),
    "auth.password": ("Passwort", "Password"),
    "auth.failed": ("E-Mail-Adresse oder Passwort ist falsch.", "E-mail address or password is wrong."),
    "auth.throttled": (
        "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in einigen Minuten erneut.",
        "Too many failed sign-ins. Please try again in a few minutes.",
    ),
    "auth.signed_in_as": ("Angemeldet als", "Signed in as"),
    "auth.session_expired": (
        "Bitte melden Sie sich an, um fortzufahren.",
        "Please sign in to continue.",
    ),
    "role.admin": ("Administration", "Administrator"),
    "role.coordinator": ("Koordination", "Coordinator"),
    "role.read_only": ("Nur lesen", "Read only"),
    "common.save": ("Speichern", "Save"),
    "common.create": ("Anlegen", "Create"),
    "common.search": ("Suchen", "Search"),
    "common.filter": ("Filtern", "Filter"),
    "common.none": ("Keine Einträge.", "No entries."),
    "common.total": ("Einträge insgesamt", "entries in total"),
    "common.previous": ("Zurück", "Previous"),
    "common.next": ("Weiter", "Next"),
    "common.name": ("Name", "Name"),
    "common.type": ("Art", "Type"),
    "common.regions": ("Regionen", "Regions"),
    "common.status": ("Status", "Status"),
    "common.actions": ("Aktionen", "Actions"),
    "common.yes": ("ja", "yes"),
    "common.no": ("nein", "no"),
    "common.back": ("Zurück", "Back"),
    "common.errors": ("Bitte prüfen Sie die Eingaben.", "Please check your input."),
    "common.saved": ("Gespeichert.", "Saved."),
    "unavailable.title": ("Noch nicht verfügbar", "Not available yet"),
    "unavailable.text": (
        "Diese Funktion ist gerade nicht verfügbar: der zuständige Dienst antwortet nicht "
        "oder bietet sie noch nicht an.",
        "This function is not available right now: the responsible service does not answer "
        "or does not offer it yet.",
    ),
    "error.forbidden": ("Keine Berechtigung", "Not permitted"),
    "error.forbidden_text": (
        "Ihre Rolle erlaubt diese Aktion nicht.",
        "Your role does not permit this action.",
    ),
    "error.csrf": (
        "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
        "The form has expired. Please reload the page and try again.",
    ),
    "error.not_found": ("Nicht gefunden", "Not found"),
    "error.generic": ("Etwas ist schiefgegangen", "Something went wrong"),
    "dashboard.title": ("Übersicht", "Dashboard"),
    "dashboard.upcoming": ("Nächste Veranstaltungen", "Upcoming events"),
    "dashboard.agreements": ("Bald fällige Vereinbarungen", "Agreements due soon"),
    "dashboard.feedback": ("Neuestes Feedback", "Latest feedback"),
    "dashboard.failed": ("Fehlgeschlagene Zustellungen", "Failed deliveries"),
    "registry.organisations": ("Organisationen", "Organisations"),
    "registry.new_organisation": ("Neue Organisation", "New organisation"),
    "registry.people": ("Personen", "People"),
    "registry.networks": ("Netzwerke", "Networks"),
    "registry.regions": ("Regionen", "Regions"),
    "registry.responsibilities": ("Zuständigkeiten", "Responsibilities"),
    "registry.interface_paper": ("Schnittstellenpapier", "Interface paper"),
    "registry.import": ("Import", "Import"),
    "registry.region_keys_hint": (
        "Amtliche Schlüssel, durch Komma getrennt, z. B. 14713",
        "Official keys, separated by commas, e.g. 14713",
    ),
    "registry.type_hint": (
        "Code der Organisationsart, z. B. jobcenter, employment_agency, adult_education_centre",
        "Organisation type code, e.g. jobcenter, employment_agency, adult_education_centre",
    ),
    "registry.created": ("Die Organisation wurde angelegt.", "The organisation was created."),
    "events.series": ("Reihen", "Series"),
    "events.events": ("Veranstaltungen", "Events"),
    "events.agreements": ("Vereinbarungen", "Agreements"),
    "feedback.surveys": ("Umfragen", "Surveys"),
    "feedback.results": ("Ergebnisse", "Results"),
    "notifications.deliveries": ("Zustellprotokoll", "Delivery log"),
    "notifications.failed": ("Fehlgeschlagene Zustellungen", "Failed deliveries"),
    "notifications.mails": ("E-Mails im lokalen Postfach", "Mails in the local sink"),
    "notifications.templates": ("Vorlagen", "Templates"),
    "operations.dead_letters": ("Unzustellbare Nachrichten", "Dead letters"),
    "operations.service": ("Dienst", "Service"),
    "operations.consumer": ("Empfänger", "Consumer"),
    "operations.subject": ("Betreff (Subject)", "Subject"),
    "operations.error": ("Fehler", "Error"),
    "operations.failed_at": ("Fehlgeschlagen am", "Failed at"),
    "operations.replay": ("Erneut verarbeiten", "Replay"),
    "operations.replayed": ("Die Nachricht wurde erneut verarbeitet.", "The message was replayed."),
    "operations.none": ("Keine unzustellbaren Nachrichten.", "No dead letters."),
    "admin.accounts": ("Konten", "Accounts"),
    "admin.tokens": ("API-Tokens", "API tokens"),
    "admin.new_account": ("Neues Konto", "New account"),
    "admin.display_name": ("Anzeigename", "Display name"),
    "admin.role": ("Rolle", "Role"),
    "admin.active": ("Aktiv", "Active"),
    "admin.new_token": ("Neues Token", "New token"),
    "admin.token_shown_once": (
        "Das Token wird nur jetzt angezeigt. Bitte sicher aufbewahren:",
        "The token is shown only now. Please keep it safe:",
    ),
    "admin.revoke": ("Widerrufen", "Revoke"),
    "admin.revoked": ("widerrufen", "revoked"),
    "admin.created_at": ("Angelegt am", "Created at"),
    "admin.last_used": ("Zuletzt benutzt", "Last used"),
    "public.title": ("Netzwerkstatt", "Netzwerkstatt"),
    "public.unknown": (
        "Dieser Link ist ungültig oder abgelaufen. Bitte wenden Sie sich an das Koordinierungsbüro, "
        "das Sie eingeladen hat.",
        "This link is invalid or has expired. Please contact the coordinating office that invited you.",
    ),
    "public.used": (
        "Dieser Link wurde bereits verwendet. Es hat sich nichts geändert.",
        "This link has already been used. Nothing was changed.",
    ),
    "public.unavailable": (
        "Diese Seite ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.",
        "This page cannot be reached right now. Please try again later.",
    ),
    "public.too_many": (
        "Zu viele Anfragen. Bitte warten Sie eine Minute.",
        "Too many requests. Please wait a minute.",
    ),
    "public.invitation": ("Einladung", "Invitation"),
    "public.accept": ("Ich nehme teil", "I will attend"),
    "public.decline": ("Ich kann nicht teilnehmen", "I cannot attend"),
    "public.accepted": ("Vielen Dank, Sie sind angemeldet.", "Thank you, you are registered."),
    "public.waitlisted": (
        "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste, Platz",
        "The event is full. You are on the waiting list, position",
    ),
    "public.declined": ("Schade! Ihre Absage ist angekommen.", "A pity! Your reply has been received."),
    "public.registration": ("Ihre Anmeldung", "Your registration"),
    "public.cancel": ("Anmeldung stornieren", "Cancel registration"),
    "public.cancelled": ("Ihre Anmeldung ist storniert.", "Your registration has been cancelled."),
    "public.calendar": ("In den Kalender eintragen", "Add to calendar"),
    "public.feedback": ("Ihre Rückmeldung", "Your feedback"),
    "public.submit": ("Absenden", "Send"),
    "public.thanks": ("Vielen Dank für Ihre Rückmeldung!", "Thank you for your feedback!"),
    "public.unsubscribe": ("Abmelden von E-Mails", "Unsubscribe from e-mails"),
    "public.unsubscribe_confirm": ("Keine weiteren E-Mails erhalten", "Receive no further e-mails"),
    "public.unsubscribed": (
        "Sie erhalten keine weiteren optionalen E-Mails. Wichtige Nachrichten zu Ihren Anmeldungen "
        "bekommen Sie weiterhin.",
        "You will receive no further optional e-mails. Important messages about your registrations "
        "will still reach you.",
    ),
    "public.when": ("Wann", "When"),
    "public.where": ("Wo", "Where"),
    "public.status": ("Status", "Status"),
}


def translate(key: str, language: Language) -> str:
    german, english = CATALOGUE[key]
    return english if language == "en" else german


def translator(language: Language) -> Callable[[str], str]:
    def t(key: str) -> str:
        return translate(key, language)

    return t


def language_from(value: str | None) -> Language:
    return "en" if value == "en" else DEFAULT_LANGUAGE
