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
    "language.de": ("Deutsch", "German"),
    "language.en": ("Englisch", "English"),
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
    "common.total_one": ("Eintrag insgesamt", "entry in total"),
    "common.previous": ("Zurück", "Previous"),
    "common.next": ("Weiter", "Next"),
    "common.name": ("Name", "Name"),
    "common.type": ("Art", "Type"),
    "common.regions": ("Regionen", "Regions"),
    "common.status": ("Status", "Status"),
    "common.actions": ("Aktionen", "Actions"),
    "common.yes": ("ja", "yes"),
    "print.participant_list": ("Teilnehmendenliste", "List of participants"),
    "print.sign_in_sheet": ("Unterschriftenliste", "Sign-in sheet"),
    "print.participants": ("Teilnehmende", "participants"),
    "print.number": ("Nr.", "No."),
    "print.signature": ("Unterschrift", "Signature"),
    "print.decision_maker": ("Entscheidungsbefugt", "Decision-maker"),
    "print.newcomer": ("Neu dabei", "New"),
    "common.no": ("nein", "no"),
    "common.back": ("Zurück", "Back"),
    "common.errors": ("Bitte prüfen Sie die Eingaben.", "Please check your input."),
    "error.not_saved": (
        "Nichts wurde gespeichert: der zuständige Dienst antwortet gerade nicht. "
        "Bitte versuchen Sie es gleich noch einmal.",
        "Nothing was saved: the responsible service does not answer just now. Please try again shortly.",
    ),
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
    "error.form_expired": ("Formular abgelaufen", "Form expired"),
    "error.csrf": (
        "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
        "The form has expired. Please reload the page and try again.",
    ),
    "error.not_found": ("Nicht gefunden", "Not found"),
    "error.no_such_page": (
        "Diese Seite gibt es nicht. Vielleicht ist der Link veraltet oder unvollständig.",
        "This page does not exist. The link may be out of date or incomplete.",
    ),
    "error.method_not_allowed": (
        "Diese Seite lässt sich so nicht aufrufen. Bitte öffnen Sie sie über einen Link.",
        "This page cannot be requested this way. Please open it through a link.",
    ),
    "error.request_too_large": (
        "Das ist zu viel auf einmal (höchstens {max_megabytes} MB). Bitte teilen Sie es auf.",
        "This is too much at once ({max_megabytes} MB at most). Please split it up.",
    ),
    "error.body_too_large": (
        "Das Gesendete ist zu groß (höchstens 16 MB). Bitte teilen Sie die Datei auf oder kürzen Sie "
        "die Eingaben.",
        "What was sent is too large (16 MB at most). Please split the file or shorten the entries.",
    ),
    "error.unreadable_form": (
        "Die Eingaben lassen sich nicht lesen, etwa weil ein Feld zu lang ist (höchstens 1 MB). Bitte "
        "kürzen Sie die Eingaben und versuchen Sie es erneut.",
        "The entries cannot be read, for example because a field is too long (1 MB at most). Please "
        "shorten the entries and try again.",
    ),
    "error.request_head_too_large": (
        "Die Adresse ist zu lang. Bitte wählen Sie weniger auf einmal aus.",
        "The address is too long. Please choose fewer at once.",
    ),
    "error.unreadable_request": (
        "Diese Anfrage lässt sich nicht lesen. Bitte öffnen Sie die Seite erneut über einen Link.",
        "This request cannot be read. Please open the page again through a link.",
    ),
    "error.generic": ("Etwas ist schiefgegangen", "Something went wrong"),
    "error.bad_address": ("Diese Adresse passt nicht", "This address does not fit"),
    "dashboard.title": ("Übersicht", "Dashboard"),
    "dashboard.upcoming": ("Nächste Veranstaltungen", "Upcoming events"),
    "dashboard.agreements": ("Bald fällige Vereinbarungen", "Agreements due soon"),
    "dashboard.feedback": ("Neuestes Feedback", "Latest feedback"),
    "dashboard.failed": ("Fehlgeschlagene Zustellungen", "Failed deliveries"),
    "dashboard.quarters": ("Kennzahlen je Quartal", "Figures per quarter"),
    "dashboard.quarters_own": (
        "Veranstaltungen Ihrer Netzwerke, die im Quartal begonnen haben und stattgefunden haben.",
        "Events of your networks that began in the quarter and took place.",
    ),
    "dashboard.quarters_all": (
        "Alle Veranstaltungen, die im Quartal begonnen haben und stattgefunden haben.",
        "All events that began in the quarter and took place.",
    ),
    "dashboard.quarter": ("Quartal", "Quarter"),
    "dashboard.events_held": ("Veranstaltungen", "Events"),
    "dashboard.attendances": ("Teilnahmen", "Attendances"),
    "dashboard.people": ("Personen", "People"),
    "dashboard.organisations": ("Organisationen", "Organisations"),
    "dashboard.districts_covered": ("Landkreise und kreisfreie Städte", "Districts"),
    "dashboard.agreements_made": ("Vereinbarungen", "Agreements"),
    "dashboard.still_open": ("offen", "open"),
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
    "common.cancel": ("Abbrechen", "Cancel"),
    "common.edit": ("Bearbeiten", "Edit"),
    "common.pages": ("Seiten", "Pages"),
    "common.page_size": ("Einträge je Seite", "Entries per page"),
    "export.registered_at": ("Angemeldet am", "Registered at"),
    "export.registrations_file": ("anmeldungen", "registrations"),
    "export.attendance_file": ("anwesenheit", "attendance"),
    "export.as_file": ("Herunterladen", "Download"),
    "calendar.title": ("Monatskalender", "Month calendar"),
    "calendar.previous": ("Voriger Monat", "Previous month"),
    "calendar.next": ("Nächster Monat", "Next month"),
    "calendar.today": ("Heute", "Today"),
    "calendar.none": ("In diesem Monat keine Veranstaltungen.", "No events this month."),
    "registry.active": ("aktiv", "active"),
    "registry.archived": ("archiviert", "archived"),
    "registry.include_archived": ("Archivierte zeigen", "Show archived"),
    "registry.region_key": ("Regionsschlüssel", "Region key"),
    "registry.region": ("Region", "Region"),
    "registry.region_hint": (
        "Kreis, kreisfreie Stadt, Land oder eigene Region mit Namen, z. B. Leipzig, Leipzig (Landkreis), "
        "Sachsen",
        "District, city, state or custom region by name, e.g. Leipzig, Leipzig (Landkreis), Sachsen",
    ),
    "registry.region_unknown": (
        "„{value}“ kennen wir nicht. Bitte einen Kreis, eine kreisfreie Stadt, ein Land oder eine eigene "
        "Region mit Namen wählen, z. B. Leipzig oder Leipzig (Landkreis).",
        "“{value}” is unknown. Please choose a district, city, state or custom region by name, e.g. "
        "Leipzig or Leipzig (Landkreis).",
    ),
    "registry.network": ("Netzwerk", "Network"),
    "registry.no_network": ("– keinem Netzwerk –", "– no network –"),
    "registry.new_organisation_network_hint": (
        "Die Organisation wird Mitglied dieses Netzwerks. Koordinierende ändern Organisationen ihrer "
        "Netzwerke.",
        "The organisation becomes a member of this network. Coordinators change the organisations of "
        "their networks.",
    ),
    "registry.organisation": ("Organisation", "Organisation"),
    "registry.facts": ("Angaben", "Details"),
    "registry.statutory": ("Regelinstitution", "statutory institution"),
    "registry.address": ("Anschrift", "Address"),
    "registry.street": ("Straße und Hausnummer", "Street and number"),
    "registry.postal_code": ("Postleitzahl", "Postcode"),
    "registry.city": ("Ort", "City"),
    "registry.version": ("Version", "Version"),
    "registry.channel_email": ("E-Mail", "E-mail"),
    "registry.channel_phone": ("Telefon", "Phone"),
    "registry.channel_fax": ("Fax", "Fax"),
    "registry.channel_website": ("Website", "Website"),
    "registry.contact_channels": ("Kontaktwege", "Contact channels"),
    "registry.contact_channels_hint": (
        "Eine Zeile je Kontaktweg: Art: Wert | Bezeichnung, z. B. „Telefon: 0341 555 0100 | Empfang“. "
        "Arten: E-Mail, Telefon, Fax, Website.",
        'One line per channel: kind: value | label, e.g. "phone: +49 341 555 0100 | Reception". '
        "Kinds: email, phone, fax, website.",
    ),
    "registry.contact_lines_wrong": (
        "Diese Zeilen haben nicht die Form „Art: Wert“ mit einer bekannten Art:",
        'These lines do not read "kind: value" with a known kind:',
    ),
    "registry.edit_organisation": ("Organisation bearbeiten", "Edit organisation"),
    "registry.archive": ("Archivieren", "Archive"),
    "registry.archive_text": (
        "Archivierte Organisationen bleiben mit ihrer Geschichte erhalten; niemand kann ihnen mehr "
        "beitreten.",
        "Archived organisations keep their history; nobody can join them any more.",
    ),
    "registry.archive_question": (
        "Organisation „{name}“ wirklich archivieren?",
        "Really archive the organisation “{name}”?",
    ),
    "registry.archive_yes": ("Ja, archivieren", "Yes, archive"),
    "registry.new_person": ("Neue Person", "New person"),
    "registry.edit_person": ("Person bearbeiten", "Edit person"),
    "registry.given_name": ("Vorname", "Given name"),
    "registry.family_name": ("Nachname", "Family name"),
    "registry.form_of_address": ("Anrede", "Form of address"),
    "registry.address_neutral": ("neutral (Guten Tag …)", "neutral"),
    "registry.address_ms": ("Frau", "Ms"),
    "registry.address_mr": ("Herr", "Mr"),
    "registry.title": ("Titel", "Title"),
    "registry.emails": ("E-Mail-Adressen", "E-mail addresses"),
    "registry.emails_hint": (
        "Eine Adresse je Zeile; die erste wird für Einladungen verwendet.",
        "One address per line; the first is used for invitations.",
    ),
    "registry.phone": ("Telefon", "Phone"),
    "registry.notes": ("Notizen", "Notes"),
    "registry.consents": ("Einwilligungen", "Consents"),
    "registry.no_consents": ("Keine Einwilligungen erteilt.", "No consents given."),
    "registry.consent_network_event_contact": (
        "Einladungen zu Netzwerkveranstaltungen",
        "Invitations to network events",
    ),
    "registry.consent_photos": ("Fotos bei Veranstaltungen", "Photos at events"),
    "registry.consent_contact_list_sharing": (
        "Kontaktdaten im Schnittstellenpapier",
        "Contact details in the interface paper",
    ),
    "registry.membership": ("Mitgliedschaft", "Membership"),
    "registry.memberships": ("Mitgliedschaften", "Memberships"),
    "registry.function": ("Funktion", "Function"),
    "registry.decision_maker": ("Entscheidungsbefugt", "Decision-maker"),
    "registry.start_date": ("Beginn", "Start"),
    "registry.end_date": ("Ende", "End"),
    "registry.end_date_hint": ("Leer lassen: heute", "Left empty: today"),
    "registry.period": ("Zeitraum", "Period"),
    "registry.add_membership": ("Mitgliedschaft hinzufügen", "Add membership"),
    "registry.end_membership": ("Beenden", "End"),
    "registry.end_membership_question": (
        "Mitgliedschaft von {person} bei {organisation} wirklich beenden?",
        "Really end {person}'s membership of {organisation}?",
    ),
    "registry.end_membership_text": (
        "Sie endet heute und bleibt in der Geschichte der Person sichtbar.",
        "It ends today and stays visible in the person's history.",
    ),
    "registry.end_membership_text_on": (
        "Sie endet am {date} und bleibt in der Geschichte der Person sichtbar.",
        "It ends on {date} and stays visible in the person's history.",
    ),
    "registry.end_membership_yes": ("Ja, beenden", "Yes, end it"),
    "registry.choose_own_organisation": (
        "Bitte wählen Sie eine Organisation Ihrer Netzwerke.",
        "Please choose an organisation of your networks.",
    ),
    "registry.export_json": ("Daten exportieren (JSON)", "Export data (JSON)"),
    "registry.personal_data_json": (
        "Auskunft nach Art. 15 DSGVO: alle Dienste (JSON)",
        "Right of access (Art. 15 GDPR): all services (JSON)",
    ),
    "registry.erase": ("Löschen", "Erase"),
    "registry.erase_warning": (
        "Alle Angaben zu dieser Person werden endgültig gelöscht, auch in ausgestellten "
        "Schnittstellenpapieren (dort als „Gelöschte Person“). Das lässt sich nicht rückgängig machen.",
        "Everything held about this person is erased for good, also in issued interface papers "
        '(shown there as "Erased person"). This cannot be undone.',
    ),
    "registry.erase_confirm": (
        "Zur Bestätigung bitte Vor- und Nachnamen eingeben",
        "To confirm, type the given and family name",
    ),
    "registry.erase_mismatch": (
        "„{typed}“ ist nicht der Name dieser Person ({name}). Bitte geben Sie Vor- und Nachnamen so ein, "
        "wie sie in der Überschrift stehen. Es wurde nichts gelöscht.",
        "“{typed}” is not this person's name ({name}). Please type the given and family name as the "
        "heading shows them. Nothing was erased.",
    ),
    "registry.erase_unconfirmed": (
        "Bitte geben Sie zur Bestätigung den Namen „{name}“ ein. Es wurde nichts gelöscht.",
        "To confirm, please type the name “{name}”. Nothing was erased.",
    ),
    "registry.erase_now": ("Endgültig löschen", "Erase for good"),
    "registry.erased": ("Person gelöscht", "Person erased"),
    "person.erased": ("Gelöschte Person", "Erased person"),
    "registry.erased_text": (
        "Die Person wurde gelöscht; die anderen Dienste entfernen ihre Angaben ebenfalls.",
        "The person was erased; the other services remove their data too.",
    ),
    "registry.redacted_papers": ("Geschwärzte Schnittstellenpapiere", "Redacted interface papers"),
    "registry.members": ("Mitglieder", "Members"),
    "registry.coordinator": ("Koordinierende Organisation", "Coordinating organisation"),
    "registry.contact_hint": (
        "Ansprechperson und Vertretung gehören der gewählten Organisation an: Sie stehen unter deren Namen.",
        "The contact and the substitute belong to the chosen organisation: they are listed under its name.",
    ),
    "registry.new_network": ("Neues Netzwerk", "New network"),
    "registry.new_network_hint": (
        "Mitglieder und geförderte Teilprojekte tragen Sie danach auf der Seite des Netzwerks ein; "
        "den Koordinierenden geben Sie das Netzwerk unter Verwaltung → Konten.",
        "Members and funded sub-projects are added on the network's page afterwards; give the "
        "coordinators the network under Administration → Accounts.",
    ),
    "registry.districts": ("Kreise und Städte", "Districts"),
    "registry.remove_member": ("Entfernen", "Remove"),
    "registry.remove_member_question": (
        "{organisation} wirklich aus dem Netzwerk „{network}“ entfernen?",
        "Really remove {organisation} from the network “{network}”?",
    ),
    "registry.remove_member_text": (
        "Die Organisation und ihre Personen gehören dann nicht mehr zum Netzwerk.",
        "The organisation and its people then no longer belong to the network.",
    ),
    "registry.remove_yes": ("Ja, entfernen", "Yes, remove"),
    "registry.make_coordinator": ("Zur Koordination machen", "Make coordinator"),
    "registry.add_member": ("Mitglied hinzufügen", "Add member"),
    "registry.sub_projects": ("Teilprojekte und Förderung", "Sub-projects and funding"),
    "registry.carried_out_by": ("Durchgeführt von", "Carried out by"),
    "registry.programme": ("Förderprogramm", "Programme"),
    "registry.funders": ("Fördermittelgeber", "Funders"),
    "registry.comma_separated": ("Durch Komma getrennt", "Separated by commas"),
    "registry.add_sub_project": ("Teilprojekt hinzufügen", "Add sub-project"),
    "registry.region_lookup": ("Schlüssel oder Name", "Key or name"),
    "registry.region_lookup_hint": (
        "Ein Teil des Namens (z. B. Halle) oder der amtliche Schlüssel.",
        "Part of the name (e.g. Halle) or the official key.",
    ),
    "registry.new_custom_region": ("Eigene Region anlegen", "New custom region"),
    "registry.topic": ("Thema", "Topic"),
    "registry.topic_not_chosen": ("Bitte ein Thema wählen.", "Please choose a topic."),
    "registry.contact": ("Ansprechperson", "Contact person"),
    "registry.substitute": ("Vertretung", "Substitute"),
    "registry.no_contact": ("keine Ansprechperson", "no contact person"),
    "registry.remove": ("Entfernen", "Remove"),
    "registry.remove_responsibility_question": (
        "Zuständigkeit „{topic}“ von {organisation} für {region} wirklich entfernen?",
        "Really remove the responsibility “{topic}” of {organisation} for {region}?",
    ),
    "registry.replace_responsibility_question": (
        "Zuständigkeit „{topic}“ von {organisation} für {region} ersetzen?",
        "Replace the responsibility “{topic}” of {organisation} for {region}?",
    ),
    "registry.replace_responsibility_now": (
        "Eingetragen sind: Ansprechperson {contact}, Vertretung {substitute}.",
        "Entered now: contact {contact}, substitute {substitute}.",
    ),
    "registry.replace_responsibility_then": (
        "Danach: Ansprechperson {contact}, Vertretung {substitute}.",
        "Afterwards: contact {contact}, substitute {substitute}.",
    ),
    "registry.replace_yes": ("Ja, ersetzen", "Yes, replace"),
    "registry.no_one": ("niemand", "no one"),
    "registry.remove_responsibility_text": (
        "Das Schnittstellenpapier zeigt dann für dieses Thema und diese Region eine Lücke, bis "
        "jemand anderes zuständig ist.",
        "The Schnittstellenpapier then shows a gap for this topic and region until someone else "
        "is responsible.",
    ),
    "registry.assign": ("Zuständigkeit eintragen", "Assign responsibility"),
    "registry.new_topic": ("Neues Thema", "New topic"),
    "registry.label_de": ("Bezeichnung (deutsch)", "Label (German)"),
    "registry.label_en": ("Bezeichnung (englisch)", "Label (English)"),
    "registry.paper_intro": (
        "Das Schnittstellenpapier zeigt, wer in einer Region oder einem Netzwerk wofür zuständig ist, "
        "und wo Zuständigkeiten fehlen.",
        "The interface paper shows who is responsible for what in a region or network, and where "
        "responsibilities are missing.",
    ),
    "registry.paper_choose": ("Region oder Netzwerk wählen", "Choose a region or network"),
    "registry.paper_scope_hint": (
        "Entweder eine Region oder ein Netzwerk angeben.",
        "Give either a region or a network.",
    ),
    "registry.paper_preview": ("Vorschau", "Preview"),
    "registry.paper_snapshots": ("Ausgestellte Fassungen", "Issued versions"),
    "registry.paper_title": ("Titel", "Title"),
    "registry.paper_default_title": ("Schnittstellenpapier {scope}", "Interface paper {scope}"),
    "registry.paper_scope": ("Bereich", "Scope"),
    "registry.issued_at": ("Ausgestellt am", "Issued at"),
    "registry.downloads": ("Herunterladen", "Download"),
    "registry.download": ("Herunterladen", "Download"),
    "registry.redactions": ("Schwärzungen", "Redactions"),
    "registry.gaps": ("Lücken", "Gaps"),
    "registry.no_gaps": ("Keine Lücken gefunden.", "No gaps found."),
    "registry.institutions": ("Institutionen", "Institutions"),
    "registry.paper_issue": ("Fassung ausstellen", "Issue this version"),
    "registry.paper_issue_hint": (
        "Die ausgestellte Fassung wird nummeriert gespeichert und ändert sich später nicht mehr.",
        "The issued version is stored with a number and does not change afterwards.",
    ),
    "registry.paper_issued": ("Die Fassung wurde ausgestellt.", "The version was issued."),
    # The paper as a printed document and as CSV/XLSX files (web/paper_files.py).
    "registry.paper_file_name": ("schnittstellenpapier", "interface-paper"),
    "registry.paper_draft": ("Entwurf", "Draft"),
    "registry.paper_as_of": ("Stand", "As of"),
    "registry.paper_responsibilities": (
        "Zuständigkeiten und Ansprechpersonen",
        "Responsibilities and contact persons",
    ),
    "registry.paper_redacted": (
        "{count} Angabe(n) zu Personen wurden nachträglich gelöscht.",
        "{count} detail(s) about people were erased afterwards.",
    ),
    "registry.paper_row_responsibility": ("Zuständigkeit", "Responsibility"),
    "registry.paper_row_gap": ("Lücke", "Gap"),
    "registry.paper_note": ("Hinweis", "Note"),
    "registry.paper_institution": ("Institution", "Institution"),
    "registry.paper_region": ("Region", "Region"),
    "registry.paper_statutory": ("Regelinstitution", "Statutory institution"),
    "registry.paper_substitute_email": ("Vertretung E-Mail", "Substitute e-mail"),
    "registry.paper_substitute_phone": ("Vertretung Telefon", "Substitute phone"),
    "registry.gap_kind_missing_institution_type": (
        "Regelinstitution fehlt",
        "Statutory institution missing",
    ),
    "registry.gap_kind_responsibility_without_contact": (
        "Ansprechperson fehlt",
        "Contact person missing",
    ),
    "registry.gap_missing_institution_type": (
        "Keine Regelinstitution vom Typ „{type}“ erfasst",
        "No statutory institution of the type “{type}” recorded",
    ),
    "registry.gap_responsibility_without_contact": (
        "„{topic}“ bei {organisation} ({region}): keine Ansprechperson benannt",
        "“{topic}” at {organisation} ({region}): no contact person named",
    ),
    "registry.import_upload": ("Datei hochladen", "Upload a file"),
    "registry.import_kind": ("Inhalt der Datei", "Contents of the file"),
    "registry.import_file": ("Datei (CSV oder XLSX)", "File (CSV or XLSX)"),
    "registry.import_network": ("Netzwerk neuer Organisationen", "Network of new organisations"),
    "registry.import_network_hint": (
        "Neue Organisationen der Datei werden Mitglied dieses Netzwerks (Koordinierende wählen eines "
        "ihrer Netzwerke); bei Personen ohne Bedeutung.",
        "New organisations of the file become members of this network (coordinators choose one of "
        "theirs); not used for people.",
    ),
    "registry.import_file_hint": (
        "CSV in UTF-8 oder XLSX, höchstens 4 MB. Zuerst wird nur geprüft; gespeichert wird erst nach "
        "Bestätigung.",
        "CSV in UTF-8 or XLSX, at most 4 MB. It is checked first; nothing is saved until you confirm.",
    ),
    "registry.import_check": ("Prüfen", "Check"),
    "registry.import_kind_missing": (
        "Bitte „Organisationen“ oder „Personen“ wählen.",
        "Please choose organisations or people.",
    ),
    "registry.import_changed_meanwhile": (
        "Seit der Prüfung hat sich das Register geändert; es wurde nichts gespeichert. Die Datei wurde "
        "erneut geprüft:",
        "The registry has changed since the check; nothing was saved. The file was checked again:",
    ),
    "registry.import_file_missing": ("Bitte eine Datei auswählen.", "Please choose a file."),
    "registry.import_file_too_large": ("Die Datei ist größer als 4 MB.", "The file is larger than 4 MB."),
    "registry.dry_run_report": ("Prüfbericht", "Check report"),
    "registry.valid_rows": ("Fehlerfreie Zeilen", "Valid rows"),
    "registry.invalid_rows": ("Zeilen mit Fehlern", "Rows with problems"),
    "registry.would_create": ("Würden angelegt", "Would be created"),
    "registry.would_update": ("Würden geändert", "Would be changed"),
    "registry.unchanged": ("Unverändert", "Unchanged"),
    "registry.import_created": ("Angelegt", "Created"),
    "registry.import_updated": ("Geändert", "Changed"),
    "registry.ignored_columns": ("Nicht verwendete Spalten", "Columns not used"),
    "registry.row": ("Zeile", "Row"),
    # An import's columns (when the file has no such column) and the problems of its rows.
    "import.column_name": ("Name", "Name"),
    "import.column_organisation_type": ("Typ", "Type"),
    "import.column_region": ("Region", "Region"),
    "import.column_email": ("E-Mail", "E-mail"),
    "import.column_phone": ("Telefon", "Phone"),
    "import.column_street": ("Straße", "Street"),
    "import.column_postal_code": ("PLZ", "Postcode"),
    "import.column_city": ("Ort", "City"),
    "import.column_website": ("Webseite", "Website"),
    "import.column_form_of_address": ("Anrede", "Form of address"),
    "import.column_title": ("Titel", "Title"),
    "import.column_first_name": ("Vorname", "Given name"),
    "import.column_last_name": ("Nachname", "Family name"),
    "import.column_full_name": ("Name", "Name"),
    "import.column_organisation": ("Organisation", "Organisation"),
    "import.column_role": ("Funktion", "Function"),
    "import.column_is_decision_maker": ("Entscheidungsbefugt", "Decision maker"),
    "import.column_language": ("Sprache", "Language"),
    # The import page's list of the columns it understands, with an example value of each.
    "import.columns_title": ("Spalten, die der Import versteht", "Columns the import understands"),
    "import.columns_intro": (
        "Die erste Zeile der Datei nennt die Spalten. Groß- und Kleinschreibung, Umlaute und die "
        "Reihenfolge sind gleich; andere Spalten werden nicht übernommen.",
        "The file's first row names the columns. Case, umlauts and order do not matter; other columns "
        "are not imported.",
    ),
    "import.column_heading": ("Spalte", "Column"),
    "import.column_also": ("auch", "also"),
    "import.column_required": ("Pflicht", "Required"),
    "import.column_example": ("Beispiel", "Example"),
    "import.people_name_note": (
        "Name: entweder Vorname und Nachname oder eine Spalte Name.",
        "Name: either Vorname and Nachname, or one column Name.",
    ),
    "import.example.organisations.name": ("Jobcenter Leipzig", "Jobcenter Leipzig"),
    "import.example.organisations.organisation_type": (
        "Jobcenter, Agentur für Arbeit, Volkshochschule, Migrationsberatung",
        "Jobcenter, Agentur für Arbeit, Volkshochschule, Migrationsberatung",
    ),
    "import.example.organisations.region": (
        "Leipzig, Landkreis Leipzig, Sachsen oder der Kreisschlüssel 14729",
        "Leipzig, Landkreis Leipzig, Sachsen or the district key 14729",
    ),
    "import.example.organisations.email": ("kontakt@example.org", "kontakt@example.org"),
    "import.example.organisations.phone": ("0341 555 0100", "0341 555 0100"),
    "import.example.organisations.street": ("Georg-Schumann-Straße 150", "Georg-Schumann-Straße 150"),
    "import.example.organisations.postal_code": ("04159", "04159"),
    "import.example.organisations.city": ("Leipzig", "Leipzig"),
    "import.example.organisations.website": ("https://www.example.org", "https://www.example.org"),
    "import.example.people.form_of_address": ("Frau, Herr", "Frau, Herr"),
    "import.example.people.title": ("Dr.", "Dr."),
    "import.example.people.first_name": ("Mara", "Mara"),
    "import.example.people.last_name": ("Beispiel", "Beispiel"),
    "import.example.people.full_name": ("Mara Beispiel", "Mara Beispiel"),
    "import.example.people.email": ("mara.beispiel@example.org", "mara.beispiel@example.org"),
    "import.example.people.phone": ("0341 555 0101", "0341 555 0101"),
    "import.example.people.organisation": (
        "Jobcenter Leipzig (wie im Register)",
        "Jobcenter Leipzig (as in the registry)",
    ),
    "import.example.people.role": ("Teamleitung", "Team lead"),
    "import.example.people.is_decision_maker": ("ja, nein", "ja, nein (yes, no)"),
    "import.example.people.language": ("Deutsch, Englisch", "Deutsch, Englisch"),
    "import.problem_missing": ("Diese Angabe fehlt.", "This is missing."),
    "import.problem_duplicate": (
        "Doppelt: derselbe Eintrag steht schon in Zeile {row}.",
        "Duplicate: the same entry is in row {row} already.",
    ),
    "import.problem_unknown_type": (
        "Den Typ „{value}“ kennen wir nicht; z. B. Jobcenter, Agentur für Arbeit, BAMF, Ausländerbehörde, "
        "Migrationsberatung, Volkshochschule, Kammer.",
        "The type “{value}” is unknown; e.g. Jobcenter, Agentur für Arbeit, BAMF, Ausländerbehörde, "
        "Migrationsberatung, Volkshochschule, Kammer.",
    ),
    "import.problem_unknown_region": (
        "Die Region „{value}“ kennen wir nicht. Bitte den Kreisschlüssel angeben, z. B. 15002 für Halle "
        "(Saale); eine führende Null geht in Tabellen leicht verloren.",
        "The region “{value}” is unknown. Please give the district key, e.g. 15002 for Halle (Saale); "
        "spreadsheets easily drop a leading zero.",
    ),
    "import.problem_ambiguous_region": (
        "„{value}“ passt auf mehrere Regionen: {candidates}. Bitte den Kreisschlüssel oder den genauen "
        "Namen angeben.",
        "“{value}” matches several regions: {candidates}. Please give the district key or the exact name.",
    ),
    "import.problem_unknown_organisation": (
        "Eine Organisation „{value}“ gibt es im Register nicht; bitte zuerst die Organisationen importieren.",
        "There is no organisation “{value}” in the registry; please import the organisations first.",
    ),
    "import.problem_ambiguous_organisation": (
        "{count} Organisationen heißen „{value}“; bitte die Person von Hand zuordnen.",
        "{count} organisations are named “{value}”; please assign the person by hand.",
    ),
    "import.problem_ambiguous_phone": (
        "„{value}“ ist keine eindeutige Telefonnummer: eine Nummer mit +49, deren + verloren ging (Excel "
        "macht aus +49 351 5550123 die Zahl 493515550123), oder eine Vorwahl 049…, deren 0 fehlt. Bitte "
        "als Text mit +49 … oder 0… schreiben.",
        "“{value}” is no unambiguous phone number: a +49 number that lost its + (Excel turns "
        "+49 351 5550123 into the number 493515550123), or an area code 049… without its 0. Please write "
        "it as text with +49 … or 0….",
    ),
    "import.problem_invalid_postal_code": (
        "„{value}“ ist keine Postleitzahl: erwartet werden fünf Ziffern. Tabellen lassen eine führende "
        "Null leicht weg (01067 wird 1067); bitte die Spalte als Text formatieren.",
        "“{value}” is no postcode: five digits are expected. Spreadsheets easily drop a leading zero "
        "(01067 becomes 1067); please format the column as text.",
    ),
    "import.problem_invalid_phone": (
        "„{value}“ ist keine gültige Telefonnummer; bitte mit Vorwahl schreiben, z. B. 0345 1234567 oder "
        "+49 345 1234567 (als Text, nicht als Zahl).",
        "“{value}” is no valid phone number; please write it with its area code, e.g. 0345 1234567 or "
        "+49 345 1234567 (as text, not as a number).",
    ),
    "import.problem_invalid_value": (
        "„{value}“ verstehen wir hier nicht.",
        "“{value}” is not understood here.",
    ),
    "import.column_edition": ("Ausgabe", "Edition"),
    "import.column_days": ("Datum", "Date"),
    "import.column_host_district": ("Gastgeber-Kreis", "Host district"),
    "import.column_attendees": ("Teilnehmende", "Attendees"),
    "import.column_organisations": ("Organisationen", "Organisations"),
    "import.column_districts_represented": ("Vertretene Kreise", "Districts represented"),
    "import.column_decision_makers": ("Entscheidungsträger*innen", "Decision makers"),
    "import.column_newcomers": ("Neue Teilnehmende", "Newcomers"),
    "import.column_venue": ("Ort", "Venue"),
    "import.problem_invalid_date": (
        "„{value}“ ist kein Datum. Bitte z. B. 12.05.2022 oder 12.05.2022 - 13.05.2022 schreiben.",
        "“{value}” is no date. Please write e.g. 12.05.2022 or 12.05.2022 - 13.05.2022.",
    ),
    "import.problem_invalid_number": (
        "„{value}“ ist keine ganze Zahl (0 oder mehr).",
        "“{value}” is no whole number (0 or more).",
    ),
    "import.problem_unknown_district": (
        "Einen Kreis „{value}“ kennen wir nicht. Bitte den Namen (z. B. Halle (Saale)) oder den "
        "Kreisschlüssel angeben.",
        "We know no district “{value}”. Please give its name (e.g. Halle (Saale)) or its key.",
    ),
    "import.problem_duplicate_edition": (
        "Die {edition}. Ausgabe gibt es in dieser Reihe schon.",
        "Edition {edition} of this series exists already.",
    ),
    "registry.column": ("Spalte", "Column"),
    "registry.import_fix_first": (
        "Bitte die genannten Zeilen korrigieren und die Datei erneut hochladen; es wurde nichts gespeichert.",
        "Please correct the rows named and upload the file again; nothing was saved.",
    ),
    "registry.import_working_hint": (
        "Alle Zeilen werden in einem Schritt gespeichert – oder keine. Bei großen Dateien kann das "
        "einige Sekunden dauern.",
        "All rows are saved in one step, or none. Large files can take a few seconds.",
    ),
    "registry.import_confirm": ("Jetzt importieren", "Import now"),
    "registry.import_working": (
        "Der Import läuft … bitte die Seite nicht schließen.",
        "Importing … please keep this page open.",
    ),
    "registry.import_done": ("Import abgeschlossen", "Import finished"),
    "feedback.templates": ("Vorlagen", "Templates"),
    "feedback.event": ("Veranstaltung", "Event"),
    "feedback.series": ("Reihe", "Series"),
    "feedback.state_open": ("offen", "open"),
    "feedback.state_closed": ("geschlossen", "closed"),
    "feedback.state_draft": ("Entwurf", "draft"),
    "feedback.closes_at": ("Endet", "Closes"),
    "feedback.responses": ("Antworten", "Responses"),
    "feedback.links": ("Versandte Links", "Links sent"),
    "feedback.open_survey": ("Umfrage öffnen", "Open survey"),
    "paper_survey.title": ("Papierbögen erfassen", "Enter paper forms"),
    "paper_survey.intro": (
        "Für eine durchgeführte Veranstaltung, deren Feedback auf gedruckten Bögen gegeben wurde: Die "
        "Antworten jedes zurückgegebenen Bogens werden hier eingetragen und als abgeschlossene Umfrage "
        "gespeichert, deren Ergebnisse wie jede andere zählen, auch im Vergleich der Reihe. Niemand wird "
        "angeschrieben; die Bögen bleiben anonym.",
        "For a completed event whose feedback was given on printed forms: the answers of each form "
        "returned are entered here and stored as a closed survey whose results count like any other, in "
        "the series comparison too. Nobody is written to; the forms stay anonymous.",
    ),
    "paper_survey.link_hint": (
        "das Feedback einer durchgeführten Veranstaltung von gedruckten Bögen eintragen.",
        "enter the feedback of a completed event from printed forms.",
    ),
    "paper_survey.step_settings": ("Veranstaltung und Bögen", "Event and forms"),
    "paper_survey.step_rows": ("Antworten je Bogen", "Answers per form"),
    "paper_survey.event_hint": (
        "Durchgeführte Veranstaltungen Ihrer Netzwerke aus den letzten zwei Jahren; eine Veranstaltung "
        "hat höchstens eine Umfrage.",
        "Completed events of your networks from the past two years; an event has one survey at most.",
    ),
    "paper_survey.template": (
        "Vorlage, nach der die Bögen gedruckt wurden",
        "Template the forms were printed from",
    ),
    "paper_survey.handed_out": ("Ausgegebene Bögen", "Forms handed out"),
    "paper_survey.returned": ("Zurückgegebene Bögen", "Forms returned"),
    "paper_survey.returned_hint": (
        "So viele Zeilen werden zum Eintragen gezeigt (höchstens 300 auf einer Seite).",
        "This many rows are shown to fill in (at most 300 on one page).",
    ),
    "paper_survey.closed_on": ("Letzter Bogen zurück am", "Last form back on"),
    "paper_survey.to_rows": ("Weiter zu den Bögen", "Continue to the forms"),
    "paper_survey.change_settings": (
        "Andere Veranstaltung, Vorlage oder Anzahl wählen (Eingetragenes geht verloren)",
        "Choose another event, template or number (what was entered is lost)",
    ),
    "paper_survey.rows_hint": (
        "Eine Zeile je Bogen. Was auf einem Bogen leer blieb, bleibt hier leer. Gespeichert wird erst "
        "mit dem Knopf unten, alles auf einmal.",
        "One row per form. What was left empty on a form stays empty here. Nothing is stored until the "
        "button below, then everything at once.",
    ),
    "paper_survey.no_rows": (
        "Kein Bogen kam zurück: Es wird nur die Zahl der ausgegebenen Bögen gespeichert.",
        "No form came back: only the number of forms handed out is stored.",
    ),
    "paper_survey.form": ("Bogen", "Form"),
    "paper_survey.enter": ("Bögen speichern", "Store the forms"),
    "paper_survey.choose_event": ("Bitte eine Veranstaltung wählen.", "Please choose an event."),
    "paper_survey.choose_template": ("Bitte eine Vorlage wählen.", "Please choose a template."),
    "paper_survey.whole_number": (
        "Bitte eine ganze Zahl eingeben (0 oder mehr).",
        "Please enter a whole number (0 or more).",
    ),
    "paper_survey.too_many_rows": (
        "Höchstens {most} Bögen auf einer Seite; für mehr bitte die JSON-Schnittstelle nutzen.",
        "At most {most} forms on one page; for more please use the JSON API.",
    ),
    "paper_survey.date": (
        "Bitte ein Datum eingeben, z. B. 14.03.2026.",
        "Please enter a date, e.g. 2026-03-14.",
    ),
    "feedback.event_id_hint": (
        "Die Kennung (UUID) der Veranstaltung; die Auswahlliste erscheint, sobald der "
        "Veranstaltungsdienst antwortet.",
        "The event's id (UUID); a list to choose from appears when the events service answers.",
    ),
    "feedback.template": ("Vorlage", "Template"),
    "feedback.default_template": ("Standard: Veranstaltungsauswertung", "Default: event evaluation"),
    "feedback.builtin_template_name": (
        "Veranstaltungsauswertung (Fragen auf {language})",
        "Event evaluation (questions in {language})",
    ),
    "feedback.open_for_days": ("Offen für Tage", "Open for days"),
    "feedback.close_survey": ("Umfrage schließen", "Close survey"),
    "feedback.close_question": (
        "Umfrage „{title}“ wirklich schließen?",
        "Really close the survey “{title}”?",
    ),
    "feedback.close_text": (
        "Danach nimmt keiner der Links mehr Antworten an; die Ergebnisse bleiben.",
        "After that none of the links takes answers any more; the results stay.",
    ),
    "feedback.close_yes": ("Ja, schließen", "Yes, close it"),
    "feedback.trend": ("Verlauf der Reihe", "Trend across the series"),
    "feedback.exports": ("Exporte", "Exports"),
    "feedback.part_summary": ("Übersicht", "summary"),
    "feedback.part_questions": ("Fragen", "questions"),
    "feedback.part_distributions": ("Verteilungen", "distributions"),
    "feedback.part_free_texts": ("Freitexte", "free texts"),
    "feedback.withheld": (
        "Ergebnisse werden erst ab drei Antworten gezeigt, damit niemand erkennbar ist.",
        "Results are shown from three responses on, so that nobody can be recognised.",
    ),
    "feedback.answered": ("Beantwortet", "Answered"),
    "feedback.mean": ("Mittelwert", "Mean"),
    "feedback.median": ("Median", "Median"),
    "feedback.answer": ("Antwort", "Answer"),
    "feedback.count": ("Anzahl", "Count"),
    "feedback.deleted_by_retention": (
        "Nach Ablauf der Aufbewahrungsfrist gelöschte Freitexte",
        "Free texts deleted after the retention period",
    ),
    "feedback.editions": ("Ausgaben", "Editions"),
    "feedback.edition": ("Ausgabe", "Edition"),
    "feedback.response_rate": ("Rücklaufquote", "Response rate"),
    "feedback.change": ("Veränderung", "Change"),
    "feedback.change_over_series": ("Veränderung über die Reihe", "Change over the series"),
    "feedback.questions": ("Fragen", "Questions"),
    "feedback.built_in": ("mitgeliefert", "built in"),
    "feedback.in_use": ("in Verwendung", "in use"),
    "feedback.editable": ("bearbeitbar", "editable"),
    "feedback.copy": ("Kopie", "Copy"),
    "feedback.copy_name": ("Name der Kopie", "Name of the copy"),
    "feedback.copy_refused": (
        "Die Vorlage „{template}“ wurde nicht kopiert:",
        "The template “{template}” was not copied:",
    ),
    "feedback.built_in_rule": (
        "Diese Vorlage ist mitgeliefert; sie kann nicht geändert, nur kopiert werden.",
        "This template is built in; it cannot be changed, only copied.",
    ),
    "feedback.in_use_rule": (
        "Eine Umfrage verwendet diese Vorlage; sie kann nicht mehr geändert, nur kopiert werden.",
        "A survey uses this template; it cannot be changed any more, only copied.",
    ),
    "feedback.type_rating": ("Bewertung 1–5", "rating 1–5"),
    "feedback.type_single_choice": ("Einfachauswahl", "single choice"),
    "feedback.type_multiple_choice": ("Mehrfachauswahl", "multiple choice"),
    "feedback.type_free_text": ("Freitext", "free text"),
    "feedback.question_text": ("Fragetext", "Question text"),
    "feedback.required": ("Pflichtfrage", "required"),
    "public.feedback_change": (
        "Sie haben schon geantwortet. Sie können Ihre Antworten ändern, solange die Umfrage offen ist.",
        "You have answered already. You can change your answers while the survey is open.",
    ),
    "public.survey_closed": (
        "Diese Umfrage ist geschlossen. Antworten werden nicht mehr angenommen oder geändert.",
        "This survey is closed. Answers are no longer accepted or changed.",
    ),
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
    "operations.admins_only": (
        "Unzustellbare Nachrichten können persönliche Angaben enthalten; nur die Administration sieht sie.",
        "Dead letters may hold personal data; only admins see them.",
    ),
    "operations.message": ("Nachricht", "Message"),
    "operations.message_from": ("Nachricht aus dem Bereich", "Message from"),
    "operations.message_unknown": ("Nachricht unbekannter Herkunft", "Message of unknown origin"),
    "operations.deliveries": ("Zustellversuche", "Delivery attempts"),
    "operations.technical": ("Technische Angaben (für die Administration)", "Technical details (for admins)"),
    "operations.consumer": ("Empfänger (Consumer)", "Consumer"),
    "operations.subject": ("Betreff (Subject)", "Subject"),
    "operations.error": ("Fehlermeldung des Dienstes", "The service's error"),
    "service.registry": ("Register", "Registry"),
    "service.events": ("Veranstaltungen", "Events"),
    "service.feedback": ("Rückmeldungen", "Feedback"),
    "service.notifications": ("Benachrichtigungen", "Notifications"),
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
    "admin.networks": ("Netzwerke (für die Koordination)", "Networks (for coordinators)"),
    "admin.networks_hint": (
        "Eine Koordination ändert nur Organisationen und Personen dieser Netzwerke.",
        "A coordinator changes only organisations and people of these networks.",
    ),
    "admin.new_token": ("Neues Token", "New token"),
    "admin.change_networks": ("Netzwerke ändern", "Change networks"),
    "admin.token_shown_once": (
        "Das Token wird nur jetzt angezeigt. Bitte sicher aufbewahren:",
        "The token is shown only now. Please keep it safe:",
    ),
    "admin.revoke": ("Widerrufen", "Revoke"),
    "admin.revoke_question": (
        "API-Token „{name}“ wirklich widerrufen?",
        "Really revoke the API token “{name}”?",
    ),
    "admin.revoke_text": (
        "Programme, die es benutzen, werden sofort abgewiesen. Das lässt sich nicht rückgängig machen.",
        "Programs that use it are refused at once. This cannot be undone.",
    ),
    "admin.revoke_yes": ("Ja, widerrufen", "Yes, revoke"),
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
    "public.choose_an_answer": ("Bitte wählen Sie eine Antwort.", "Please choose an answer."),
    "public.write_an_answer": ("Bitte schreiben Sie eine Antwort.", "Please write an answer."),
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
    "public.invitation_intro": (
        "Bitte sagen Sie uns, ob Sie teilnehmen.",
        "Please tell us whether you will attend.",
    ),
    "public.confirm_accept": (
        "Bitte bestätigen Sie Ihre Zusage mit dem Knopf.",
        "Please confirm that you will attend with the button.",
    ),
    "public.confirm_decline": (
        "Bitte bestätigen Sie Ihre Absage mit dem Knopf.",
        "Please confirm that you cannot attend with the button.",
    ),
    "public.other_answer": ("Doch anders antworten", "Answer differently"),
    "public.choose_answer": (
        "Bitte wählen Sie „Ich nehme teil“ oder „Ich kann nicht teilnehmen“.",
        'Please choose "I will attend" or "I cannot attend".',
    ),
    "public.confirmation_follows": (
        "Sie erhalten eine Bestätigung per E-Mail, mit einem Link zum Stornieren und zum Kalendereintrag.",
        "You will receive a confirmation by e-mail with a link to cancel and to add it to your calendar.",
    ),
    "public.waitlist_mail_follows": (
        "Sie erhalten eine E-Mail mit Ihrem Platz auf der Warteliste und einem Link, um sich "
        "abzumelden. Wird ein Platz frei, rücken Sie automatisch nach und bekommen sofort Nachricht, "
        "dann mit dem Kalendereintrag.",
        "You will receive an e-mail with your place on the waiting list and a link to withdraw. When a "
        "place becomes free, you move up automatically and hear from us at once, then with the calendar "
        "entry.",
    ),
    "public.withdrawn": (
        "Diese Einladung wurde zurückgezogen. Bitte wenden Sie sich an das Koordinierungsbüro.",
        "This invitation has been withdrawn. Please contact the coordinating office.",
    ),
    "public.not_possible": (
        "Das ist nicht (mehr) möglich, zum Beispiel weil die Anmeldung geschlossen ist. "
        "Bitte wenden Sie sich an das Koordinierungsbüro.",
        "This is not possible (any more), for example because registration has closed. "
        "Please contact the coordinating office.",
    ),
    "public.event_cancelled": ("Die Veranstaltung wurde abgesagt.", "The event has been cancelled."),
    "public.cancel_reason": ("Grund der Absage", "Reason"),
    "public.event_cancelled_note": (
        "Sie müssen nichts weiter tun. Bei Fragen wenden Sie sich bitte an das Koordinierungsbüro.",
        "There is nothing more you need to do. If you have questions, please contact the coordinating "
        "office.",
    ),
    "public.event_completed": (
        "Die Veranstaltung hat bereits stattgefunden. Hier lässt sich nichts mehr ändern.",
        "The event has already taken place. Nothing can be changed here any more.",
    ),
    "public.event_running": ("Die Veranstaltung hat bereits begonnen.", "The event has already begun."),
    "public.registration_over": (
        "Anmelden können Sie sich nicht mehr. Bei Fragen wenden Sie sich bitte an das Koordinierungsbüro.",
        "Registration is no longer possible. If you have questions, please contact the coordinating office.",
    ),
    "public.you_are_registered": ("Sie sind angemeldet.", "You are registered."),
    "public.you_are_waitlisted": (
        "Sie stehen auf der Warteliste, Platz {position}.",
        "You are on the waiting list, position {position}.",
    ),
    "public.you_declined": ("Sie haben abgesagt.", "You have declined."),
    "public.attend_after_all": ("Doch teilnehmen", "Attend after all"),
    "public.withdraw_after_all": ("Ich kann doch nicht teilnehmen", "I cannot attend after all"),
    "public.confirm_withdraw_confirmed": (
        "Möchten Sie Ihre Anmeldung wirklich stornieren? Ihr Platz wird frei und geht an die nächste "
        "Person auf der Warteliste. Melden Sie sich später doch wieder an, ist er vielleicht vergeben.",
        "Do you really want to cancel your registration? Your place becomes free and goes to the next "
        "person on the waiting list. If you register again later, it may be taken.",
    ),
    "public.confirm_withdraw_waitlisted": (
        "Möchten Sie sich wirklich von der Warteliste abmelden? Melden Sie sich später doch wieder an, "
        "stehen Sie am Ende der Warteliste.",
        "Do you really want to leave the waiting list? If you register again later, you join the end of "
        "the waiting list.",
    ),
    "public.withdraw_yes": ("Ja, ich kann nicht teilnehmen", "Yes, I cannot attend"),
    "public.keep_registration": ("Nein, angemeldet bleiben", "No, stay registered"),
    "public.unsubscribe_intro": (
        "Sie können Erinnerungen, Terminankündigungen und Umfragen abbestellen. Nachrichten zu Ihren "
        "Anmeldungen erhalten Sie weiterhin.",
        "You can unsubscribe from reminders, save-the-dates and surveys. Messages about your "
        "registrations will still reach you.",
    ),
    "public.subscribe_again": ("Doch wieder E-Mails erhalten", "Receive e-mails again"),
    "public.unsubscribed_already": (
        "Sie haben optionale E-Mails abbestellt: Erinnerungen, Terminankündigungen und Umfragen "
        "erhalten Sie nicht mehr. Nachrichten zu Ihren Anmeldungen erhalten Sie weiterhin.",
        "You have unsubscribed from optional e-mails: reminders, save-the-dates and surveys no longer "
        "reach you. Messages about your registrations still do.",
    ),
    "public.choose_subscription": (
        "Diese Auswahl gibt es nicht. Bitte wählen Sie mit einem der Knöpfe; es wurde nichts geändert.",
        "There is no such choice. Please choose with one of the buttons; nothing was changed.",
    ),
    "public.subscribed_again": (
        "Sie erhalten wieder Erinnerungen, Terminankündigungen und Umfragen.",
        "You will receive reminders, save-the-dates and surveys again.",
    ),
    "registration.status_confirmed": ("bestätigt", "confirmed"),
    "registration.status_waitlisted": ("auf der Warteliste", "on the waiting list"),
    "registration.status_cancelled": ("storniert", "cancelled"),
    "registration.status_declined": ("abgesagt", "declined"),
    "events.waitlist_position": ("Platz", "position"),
    "events.absent": ("abwesend", "absent"),
    "events.agenda_clashes": (
        "Das Programm hat Überschneidungen oder Fehler; sie sind an den Zeilen markiert.",
        "The agenda has clashes or mistakes; they are marked at their rows.",
    ),
    "events.agenda_hint": (
        "Eine Zeile je Programmpunkt. Leere Zeilen werden ignoriert. Referierende mit Namen, durch "
        "Komma getrennt: Personen aus dem Netzwerk werden am Namen erkannt (tragen mehrere denselben "
        "Namen, „Name (Organisation)“), andere Namen stehen als Gäste.",
        "One row per item. Empty rows are ignored. Speakers by name, separated by commas: people of "
        'the network are recognised by their name (where several share it, "Name (Organisation)"), '
        "other names stand as guests.",
    ),
    "events.agreement": ("Vereinbarung", "Agreement"),
    "events.agreements_when_held": (
        "Vereinbarungen werden während oder nach der Veranstaltung festgehalten.",
        "Agreements are recorded during or after the event.",
    ),
    "events.all": ("alle", "all"),
    "events.period": ("Zeitraum", "Period"),
    "events.period_upcoming": ("kommende und laufende", "upcoming and running"),
    "events.period_all": ("alle, auch vergangene", "all, past ones too"),
    "events.none_upcoming": (
        "Keine kommenden oder laufenden Veranstaltungen, aber vergangene.",
        "No upcoming or running events, but past ones.",
    ),
    "events.show_past_ones": ("Vergangene zeigen", "Show past ones"),
    "events.already_invited": ("bereits eingeladen", "already invited"),
    "events.answered_at": ("Geantwortet am", "Answered on"),
    "events.attended": ("Teilgenommen", "Attended"),
    "events.attendees": ("Teilnehmende", "Attendees"),
    "events.audience_hint": (
        "Jedes angegebene Merkmal grenzt die Auswahl ein; namentlich genannte Personen kommen "
        "immer hinzu. Bereits Eingeladene werden übersprungen.",
        "Every criterion given narrows the audience; people named are always added. People "
        "invited before are skipped.",
    ),
    "events.cancel_reason": ("Grund der Absage", "Reason for cancelling"),
    "events.cancel_reason_hint": (
        "Steht in der E-Mail an alle Angemeldeten und geht an angebundene Systeme: bitte ohne Namen oder "
        "Kontaktdaten einzelner Personen.",
        "Appears in the e-mail to everyone registered and goes to connected systems: please without names "
        "or contact details of individuals.",
    ),
    "events.cancel_registration": ("Stornieren", "Cancel"),
    "events.cancel_registration_question": (
        "Anmeldung von {name} wirklich stornieren?",
        "Really cancel {name}'s registration?",
    ),
    "events.cancel_registration_text": (
        "Die Person erhält eine E-Mail, dass sie abgemeldet ist.",
        "The person gets an e-mail saying that they are no longer registered.",
    ),
    "events.cancel_registration_moves_up": (
        "Ihr Platz geht an die erste Person der Warteliste, die ebenfalls eine E-Mail erhält.",
        "Their place goes to the first person on the waitlist, who also gets an e-mail.",
    ),
    "events.cancel_registration_yes": ("Ja, stornieren", "Yes, cancel it"),
    "events.substituted_confirmed_notice": (
        "{name} übernimmt den Platz von {member} und erhält eine Bestätigung per E-Mail; {member} erhält "
        "die Stornierung per E-Mail.",
        "{name} takes over {member}'s place and gets a confirmation by e-mail; {member} gets the "
        "cancellation by e-mail.",
    ),
    "events.substituted_waitlisted_notice": (
        "{name} übernimmt Platz {place} der Warteliste von {member} und erhält eine E-Mail; {member} erhält "
        "die Stornierung per E-Mail.",
        "{name} takes over {member}'s place {place} on the waitlist and gets an e-mail; {member} gets the "
        "cancellation by e-mail.",
    ),
    "substitute.link": ("Vertretung", "Substitute"),
    "substitute.title": ("Vertretung", "Substitute"),
    "substitute.heading": ("Vertretung für {name}", "Substitute for {name}"),
    "substitute.hint": (
        "Kann {name} nicht kommen, übernimmt eine andere Person derselben Organisation den Platz: "
        "bestätigt bleibt bestätigt, ein Platz auf der Warteliste bleibt derselbe. Beide erhalten "
        "eine E-Mail.",
        "If {name} cannot come, another person of the same organisation takes over the place: confirmed "
        "stays confirmed, a place on the waitlist stays the same. Both get an e-mail.",
    ),
    "substitute.person": ("Wer kommt stattdessen?", "Who comes instead?"),
    "substitute.submit": ("Platz übergeben", "Hand over the place"),
    "substitute.not_active": (
        "Diese Anmeldung ist nicht mehr aktiv; ihr Platz lässt sich nicht übergeben.",
        "This registration is no longer active; its place cannot be handed over.",
    ),
    "substitute.no_organisation": (
        "Die Anmeldung gehört zu keiner Organisation; vertreten lässt sich nur ein Platz einer Organisation.",
        "The registration belongs to no organisation; only an organisation's place can be handed over.",
    ),
    "substitute.nobody": (
        "Im Register gehört sonst niemand dieser Organisation an. Legen Sie die Person zuerst im "
        "Register an.",
        "Nobody else belongs to this organisation in the registry. Please add the person there first.",
    ),
    "events.registration_cancelled_notice": (
        "Die Anmeldung von {name} ist storniert; die Person erhält eine E-Mail.",
        "{name}'s registration is cancelled; the person gets an e-mail.",
    ),
    "events.registered_notice": (
        "{name} ist angemeldet und erhält eine Bestätigung per E-Mail.",
        "{name} is registered and gets a confirmation by e-mail.",
    ),
    "events.registered_before_confirmed_notice": (
        "{name} war schon angemeldet; die Anmeldung bleibt, wie sie war. Es geht keine weitere "
        "E-Mail hinaus.",
        "{name} was registered already; the registration stays as it was. No further e-mail goes out.",
    ),
    "events.registered_before_waitlisted_notice": (
        "{name} stand schon auf der Warteliste (Platz {place}) und bleibt dort. Es geht keine weitere "
        "E-Mail hinaus.",
        "{name} was on the waitlist already (place {place}) and stays there. No further e-mail goes out.",
    ),
    "events.registered_told_already_notice": (
        "{name} ist angemeldet. Es geht keine Bestätigung per E-Mail hinaus (schon auf anderem Weg "
        "bestätigt).",
        "{name} is registered. No confirmation goes out by e-mail (already confirmed another way).",
    ),
    "events.registered_waitlisted_notice": (
        "Die Veranstaltung ist ausgebucht: {name} steht auf der Warteliste, Platz {place}. Die Person "
        "erhält dazu eine E-Mail.",
        "The event is full: {name} is on the waitlist, place {place}. The person gets an e-mail about it.",
    ),
    "events.registered_waitlisted_seats_notice": (
        "Die Plätze für diese Organisation sind vergeben: {name} steht auf der Warteliste, Platz "
        "{place}. Die Person erhält dazu eine E-Mail.",
        "The places for this organisation are taken: {name} is on the waitlist, place {place}. The "
        "person gets an e-mail about it.",
    ),
    "events.cancelled_or_declined": ("Storniert oder abgesagt", "Cancelled or declined"),
    "events.capacity": ("Plätze insgesamt", "Places in total"),
    "events.change_status_there": (
        "Status in der Liste aller Vereinbarungen ändern",
        "Change the status in the list of all agreements",
    ),
    "events.status_not_changed": ("Das ließ sich nicht ändern:", "This could not be changed:"),
    "events.starts_on_first_day": (
        "Beginnen lässt sich die Veranstaltung ab ihrem ersten Tag, dem {date}.",
        "The event can be started from its first day, {date}.",
    ),
    "events.check_in_when_running": (
        "Anwesenheit wird erfasst, sobald die Veranstaltung läuft.",
        "Attendance is recorded once the event is running.",
    ),
    "events.confirmed": ("Angemeldet", "Registered"),
    "events.date": ("Datum", "Date"),
    "events.day": ("Tag", "Day"),
    "events.days": ("Termine", "Dates"),
    "events.days_count": ("Tage", "days"),
    "events.day_rows_hint": (
        "Ein Tag je Zeile mit Beginn und Ende; Zeilen ohne Datum werden übergangen.",
        "One day per row with its start and end; rows without a date are left out.",
    ),
    "events.add_day": ("Weiteren Tag hinzufügen", "Add another day"),
    "events.registration_closes_at": ("Anmeldeschluss", "Registration deadline"),
    "events.registration_closes_hint": (
        "Bis dahin nimmt die Veranstaltung Anmeldungen an; leer: bis zum Beginn.",
        "Registrations are taken until then; empty: until the event begins.",
    ),
    "events.decision_makers_only": ("Nur Entscheidungsbefugte", "Decision-makers only"),
    "events.description": ("Beschreibung", "Description"),
    "events.distinct_people": (
        "Verschiedene Teilnehmende über die Reihe",
        "Different people across the series",
    ),
    "events.district": ("Kreis oder Stadt", "District or city"),
    "events.districts_ever": ("Bisher vertretene Kreise und Städte", "Districts ever represented"),
    "events.districts_missing": ("Nicht vertreten", "Not represented"),
    "events.districts_represented": ("Vertretene Kreise und Städte", "Districts represented"),
    "events.do_publish": ("Veröffentlichen", "Publish"),
    "events.do_start": ("Beginnen (Check-in öffnen)", "Start (open check-in)"),
    "events.do_complete": ("Abschließen", "Complete"),
    "events.complete_question": (
        "Veranstaltung „{title}“ wirklich abschließen?",
        "Really complete the event “{title}”?",
    ),
    "events.complete_text": (
        "Danach lässt sich die Veranstaltung nicht mehr bearbeiten, nur Anwesenheit und Vereinbarungen. "
        "Die Anwesenden erhalten den Link zur Umfrage, wenn eine zu ihr offen ist oder dabei geöffnet "
        "wird. Das lässt sich nicht rückgängig machen.",
        "After that the event can no longer be edited, only its attendance and agreements. The "
        "attendees get the survey's link if one of it is open or opens then. This cannot be undone.",
    ),
    "events.complete_yes": ("Ja, abschließen", "Yes, complete it"),
    "events.do_cancel": ("Veranstaltung absagen", "Cancel the event"),
    "events.cancel_question": (
        "Veranstaltung „{title}“ wirklich absagen?",
        "Really cancel the event “{title}”?",
    ),
    "events.cancel_text": (
        "Alle Angemeldeten, die Warteliste und wer eingeladen ist und noch nicht geantwortet hat, "
        "erhalten eine Absage per E-Mail. Das lässt sich nicht rückgängig machen.",
        "Everyone registered, the waitlist and whoever was invited and has not answered get a "
        "cancellation by e-mail. This cannot be undone.",
    ),
    "events.cancel_reason_given": ("Grund der Absage: {reason}", "Reason for cancelling: {reason}"),
    "events.cancel_without_reason": (
        "Es ist kein Grund der Absage angegeben.",
        "No reason for cancelling is given.",
    ),
    "events.cancel_yes": ("Ja, absagen", "Yes, cancel it"),
    "events.due": ("fällig", "due"),
    "events.edit_agenda": ("Programm bearbeiten", "Edit the agenda"),
    "events.edit_event": ("Veranstaltung bearbeiten", "Edit event"),
    "events.end": ("Ende", "End"),
    "events.event_pages": ("Seiten der Veranstaltung", "Pages of the event"),
    "events.format_of_series": ("wie die Reihe", "as the series"),
    "events.groupwork": ("Gruppenarbeit", "Group work"),
    "events.host_district": ("Gastgebender Kreis", "Host district"),
    "events.host_district_hint": (
        "Kreis oder kreisfreie Stadt mit Namen, z. B. Halle (Saale)",
        "District or city by name, e.g. Halle (Saale)",
    ),
    "events.host_pool": ("Gastgeber-Reihenfolge", "Host rotation"),
    "events.host_pool_hint": (
        "Kreise und kreisfreie Städte mit Namen in der Reihenfolge, in der sie Gastgeber sind, "
        "durch Komma getrennt",
        "Districts and cities by name in hosting order, separated by commas",
    ),
    "events.institution_types": ("Institutionsarten", "Institution types"),
    "events.invitations_issued": ("Einladungen versandt", "Invitations sent"),
    "events.invite": ("Einladen", "Invite"),
    "events.invited": ("Eingeladene", "Invited people"),
    "events.lifecycle": ("Status ändern", "Change status"),
    "events.mail_progress": ("Versand der Einladungs-E-Mails", "Invitation e-mails going out"),
    "events.marks": ("Merkmale", "Marks"),
    "events.missing": ("nicht vertreten", "not represented"),
    "events.motto": ("Motto", "Motto"),
    "events.find_people": ("Personen im Register suchen (Name)", "Find people in the registry (name)"),
    "events.find_people_first": (
        "Suchen Sie die Person zuerst mit ihrem Namen; dann wählen Sie sie aus der Liste.",
        "First find the person by their name; then choose them from the list.",
    ),
    "events.nobody_found": (
        "Niemand im Register passt zu „{name}“. Bitte anders schreiben, oder die Person im Register anlegen.",
        "Nobody in the registry matches “{name}”. Try another spelling, or add the person to the registry.",
    ),
    "events.people_found": ("Gefundene Personen", "People found"),
    "events.mark_present": ("Anwesend", "Present"),
    "events.mark_absent": ("Abwesend", "Absent"),
    "events.network_of_series": ("wie die Reihe / keines", "as the series / none"),
    "events.new_agreement": ("Neue Vereinbarung", "New agreement"),
    "events.new_edition": ("Neue Ausgabe anlegen", "New edition"),
    "events.new_event": ("Neue Veranstaltung", "New event"),
    "events.enter_held_event": ("Vergangene Veranstaltung nachtragen", "Enter a past event"),
    "events.held_intro": (
        "Für eine Veranstaltung, die vor ihrer Erfassung hier stattgefunden hat: Sie wird als "
        "abgeschlossen gespeichert, mit der Anwesenheitsliste von damals. Niemand wird eingeladen, "
        "benachrichtigt, erinnert oder befragt.",
        "For an event held before it was kept here: it is saved as completed, with the attendance list "
        "taken then. Nobody is invited, told, reminded or surveyed.",
    ),
    "events.held_days_hint": (
        "Alle Tage liegen vor heute.",
        "Every day is before today.",
    ),
    "events.held_attendees": ("Anwesenheitsliste", "Attendance list"),
    "events.held_attendee_unknown": (
        "Eine der ausgewählten Personen ist im Verzeichnis nicht (mehr) bekannt. Bitte laden Sie die "
        "Seite neu und wählen Sie erneut.",
        "One of the people chosen is not (or no longer) known in the register. Please reload the page "
        "and choose again.",
    ),
    "events.held_attendees_hint": (
        "Alle, die da waren; mehrere mit Strg (am Mac ⌘) oder Umschalt auswählen. Sie gelten als an "
        "allen Tagen anwesend und für ihre erste Organisation gekommen.",
        "Everyone who was there; choose several with Ctrl (⌘ on a Mac) or Shift. They count as present "
        "on every day and as having come for their first organisation.",
    ),
    "events.new_series": ("Neue Reihe", "New series"),
    "events.newcomer": ("Neu dabei", "Newcomer"),
    "events.next_edition": ("Nächste Ausgabe", "Next edition"),
    "events.next_edition_exists": (
        "Die {edition}. Ausgabe ist schon angelegt ({status}):",
        "Edition {edition} exists already ({status}):",
    ),
    "events.next_edition_from_there": (
        "Die Ausgabe danach planen Sie von dort aus.",
        "Plan the edition after it from there.",
    ),
    "events.next_venue_hint": (
        "Der Veranstaltungsort wird übernommen, solange der Gastgeber-Kreis derselbe bleibt; bei einem "
        "anderen Gastgeber bitte den neuen Ort in der neuen Ausgabe eintragen.",
        "The venue is carried over while the host district stays the same; with another host, please "
        "enter the new venue in the new edition.",
    ),
    "events.next_host": ("Vorschlag nächster Gastgeber", "Next host suggested"),
    "events.next_host_hint": (
        "Leer lassen für den Vorschlag der Gastgeber-Reihenfolge",
        "Leave empty for the rotation's suggestion",
    ),
    "events.no_series": ("keine (einzelne Veranstaltung)", "none (single event)"),
    "events.no_shows": ("Nicht erschienen", "No-shows"),
    # The check-in's count of a day: marked absent, or, once the day is over, not checked in
    "events.missed_day": ("nicht erschienen", "did not come"),
    "events.missed_unrecorded": ("nicht erschienen (ohne Check-in)", "did not come (not checked in)"),
    "events.not_recorded": ("nicht erfasst", "not recorded"),
    "events.on_waitlist": ("auf der Warteliste", "on the waiting list"),
    "events.open_agreements": (
        "Offene Vereinbarungen für die nächste Ausgabe",
        "Open agreements for the next edition",
    ),
    "events.organisation_types": ("Organisationsarten", "Organisation types"),
    "events.organisations": ("Organisationen", "Organisations"),
    "events.organiser": ("Einladende Stelle", "Organiser"),
    "events.organiser_hint": (
        "Leer lassen, wenn die Reihe die einladende Stelle festlegt. Eine Stelle und ihr Funktionspostfach, "
        "keine Privatperson: Name und Adresse stehen in jeder Einladung und gehen an angebundene Systeme.",
        "Leave empty when the series names the organiser. An office and its shared mailbox, not a private "
        "person: name and address appear in every invitation and go to connected systems.",
    ),
    "events.owner": ("Verantwortliche Organisation", "Owning organisation"),
    "events.participant_list": ("Teilnehmendenliste", "Participant list"),
    "events.plan_next_edition": ("Nächste Ausgabe planen", "Plan the next edition"),
    "events.present": ("anwesend", "present"),
    "events.printables": ("Zum Drucken", "For printing"),
    "events.publish_first": (
        "Einladungen gehen erst nach der Veröffentlichung hinaus.",
        "Invitations go out once the event is published.",
    ),
    "events.refresh": ("Stand aktualisieren", "Refresh"),
    "events.register": ("Anmelden", "Register"),
    "events.register_person": ("Person anmelden", "Register a person"),
    "events.register_already_confirmed": (
        "Schon auf anderem Weg bestätigt (Telefon, Papier, Partnerstelle): keine Bestätigungsmail senden",
        "Already confirmed another way (phone, paper, a partner's desk): send no confirmation e-mail",
    ),
    "events.register_already_confirmed_hint": (
        "Erinnerungen vor der Veranstaltung gehen trotzdem hinaus; ein Platz auf der Warteliste wird "
        "per E-Mail mitgeteilt.",
        "Reminders before the event still go out; a place on the waitlist is told by e-mail.",
    ),
    "events.registered": ("angemeldet", "registered"),
    "events.registered_at": ("Angemeldet am", "Registered on"),
    "events.registrations": ("Anmeldungen", "Registrations"),
    "events.represented": ("vertreten", "represented"),
    "events.room": ("Raum", "Room"),
    "events.save_agenda": ("Programm speichern", "Save agenda"),
    "events.seats_per_organisation": ("Plätze je Organisation", "Seats per organisation"),
    "events.preview_recipients": ("Empfänger anzeigen", "Show recipients"),
    "events.recipients_preview": ("Diese Personen würden eingeladen", "These people would be invited"),
    "events.would_invite": ("Neu einzuladen", "To be invited"),
    "events.invitation_state": ("Einladung", "Invitation"),
    "events.new_recipient": ("neu", "new"),
    "events.nobody_reached": (
        "Diese Auswahl erreicht niemanden. Wählen Sie Netzwerke, Regionen, Arten oder Personen.",
        "This choice reaches nobody. Choose networks, regions, types or people.",
    ),
    "events.send_invitations": ("Einladungen versenden", "Send invitations"),
    "events.series_one": ("Reihe", "Series"),
    "events.edit_series": ("Reihe bearbeiten", "Edit series"),
    "events.organiser_email": ("E-Mail-Adresse der Ausrichtung", "Organiser's e-mail address"),
    "events.organiser_email_hint": (
        "Neue Ausgaben der Reihe übernehmen sie als Kontakt der Ausrichtung; leer lassen, wenn keine.",
        "New editions of the series take it as the organiser's contact; leave empty if none.",
    ),
    "events.sign_in_sheet": ("Unterschriftenliste", "Sign-in sheet"),
    "events.speakers": ("Referierende", "Speakers"),
    "events.start": ("Beginn", "Start"),
    "events.tab_overview": ("Überblick", "Overview"),
    "events.tab_agenda": ("Programm", "Agenda"),
    "events.tab_agreements": ("Vereinbarungen", "Agreements"),
    "events.tab_check_in": ("Check-in", "Check-in"),
    "events.tab_figures": ("Zahlen", "Figures"),
    "events.tab_invitations": ("Einladungen", "Invitations"),
    "events.tab_registrations": ("Anmeldungen", "Registrations"),
    "events.tab_reminders": ("Erinnerungen", "Reminders"),
    "reminders.who": (
        "Wer angemeldet ist, bekommt vor Beginn eine Erinnerung per E-Mail, mit dem Link zur eigenen "
        "Anmeldung (wer optionale E-Mails abbestellt hat, nicht).",
        "Everyone registered is reminded by e-mail before the start, with the link to their own "
        "registration (except those who unsubscribed from optional e-mails).",
    ),
    "reminders.chosen": ("Erinnerungen", "Reminders"),
    "reminders.default": ("Voreinstellung", "default"),
    "reminders.none": ("keine", "none"),
    "reminders.not_planned": (
        "schon vorbei, wird nicht gesendet",
        "already past, will not be sent",
    ),
    "reminders.when_published": (
        "Erinnerungen werden geplant, sobald die Veranstaltung veröffentlicht ist.",
        "Reminders are planned as soon as the event is published.",
    ),
    "reminders.schedule": ("Zeitplan", "Schedule"),
    "reminders.moment": ("Zeitpunkt", "When"),
    "reminders.due_at": ("Versand", "Sent at"),
    "reminders.recipients": ("Empfänger", "Recipients"),
    "reminders.status_planned": ("geplant", "planned"),
    "reminders.status_done": ("versandt", "sent"),
    "reminders.status_dropped": ("entfallen", "dropped"),
    "reminders.status_missed": ("verpasst (Veranstaltung hatte begonnen)", "missed (the event had started)"),
    "reminders.change": ("Erinnerungen ändern", "Change reminders"),
    "reminders.hint": (
        "Wie lange vor Beginn erinnert wird, höchstens zehn Mal, zwischen einer Minute und 365 Tagen "
        "vorher. Leere Zeilen bleiben unbeachtet; alle leer: keine Erinnerungen.",
        "How long before the start to remind, at most ten times, between one minute and 365 days "
        "before. Empty rows are ignored; all empty: no reminders.",
    ),
    "reminders.reminder": ("Erinnerung", "Reminder"),
    "reminders.amount": ("Anzahl", "Amount"),
    "reminders.unit": ("Einheit", "Unit"),
    "reminders.unit_days": ("Tage vorher", "days before"),
    "reminders.unit_hours": ("Stunden vorher", "hours before"),
    "reminders.unit_minutes": ("Minuten vorher", "minutes before"),
    "reminders.unit_seconds": ("Sekunden vorher", "seconds before"),
    "reminders.before_days": ("{amount} Tage vorher", "{amount} days before"),
    "reminders.before_days_one": ("1 Tag vorher", "1 day before"),
    "reminders.before_hours": ("{amount} Stunden vorher", "{amount} hours before"),
    "reminders.before_hours_one": ("1 Stunde vorher", "1 hour before"),
    "reminders.before_minutes": ("{amount} Minuten vorher", "{amount} minutes before"),
    "reminders.before_minutes_one": ("1 Minute vorher", "1 minute before"),
    "reminders.before_seconds": ("{amount} Sekunden vorher", "{amount} seconds before"),
    "reminders.before_seconds_one": ("1 Sekunde vorher", "1 second before"),
    "reminders.whole_number": (
        "Bitte eine ganze Zahl ab 1 eingeben, z. B. 7.",
        "Please enter a whole number from 1, e.g. 7.",
    ),
    "reminders.unit_unknown": ("Bitte eine Einheit wählen.", "Please choose a unit."),
    "reminders.out_of_range": (
        "Eine Erinnerung muss zwischen einer Minute und 365 Tagen vor Beginn liegen.",
        "A reminder must lie between one minute and 365 days before the start.",
    ),
    "events.target_groups": ("Zielgruppen", "Target groups"),
    "events.title": ("Titel", "Title"),
    "events.venue": ("Ort", "Venue"),
    "history.record": ("Frühere Ausgabe eintragen", "Record a past edition"),
    "history.record_hint": (
        "Für Ausgaben, die stattfanden, bevor die Reihe hier geführt wurde: Sie werden als durchgeführt "
        "eingetragen, mit Gastgeber-Kreis, Terminen und den damals gezählten Teilnahmezahlen. Niemand wird "
        "eingeladen oder angeschrieben, es öffnet keine Umfrage.",
        "For editions held before the series was kept here: they are recorded as held, with their host "
        "district, dates and the attendance counted then. Nobody is invited or written to, no survey opens.",
    ),
    "history.recorded": ("nachgetragen", "recorded afterwards"),
    "history.recorded_done": ("Die frühere Ausgabe ist eingetragen.", "The past edition has been recorded."),
    "history.edition": ("Ausgabe", "Edition"),
    "history.editions": ("Ausgaben", "Editions"),
    "history.title_hint": ("Leer lassen für:", "Leave empty for:"),
    "history.first_day": ("Erster Tag", "First day"),
    "history.last_day": ("Letzter Tag", "Last day"),
    "history.last_day_hint": (
        "Nur bei mehrtägigen Ausgaben; sonst leer lassen.",
        "Only for editions of several days; otherwise leave empty.",
    ),
    "history.counts": ("Teilnahmezahlen", "Attendance figures"),
    "history.counts_hint": (
        "Wie damals gezählt; was nicht gezählt wurde, bleibt leer.",
        "As counted then; leave empty what was not counted.",
    ),
    "history.count_attendees": ("Teilnehmende", "Attendees"),
    "history.count_organisations": ("Vertretene Organisationen", "Organisations represented"),
    "history.count_districts_represented": ("Vertretene Kreise", "Districts represented"),
    "history.count_decision_makers": ("Davon Entscheidungsträger*innen", "Of them decision makers"),
    "history.count_newcomers": ("Davon neu Teilnehmende", "Of them newcomers"),
    "history.record_button": ("Ausgabe eintragen", "Record the edition"),
    "history.figures_note": (
        "Nachgetragene Ausgaben (nur gezählt, Personen nicht bekannt):",
        "Editions recorded afterwards (counted only, people not known):",
    ),
    "history.counted_attendances": ("gezählte Teilnahmen", "attendances counted"),
    "history.figures_recorded": (
        "Diese Ausgabe wurde nachgetragen: Die Zahlen wurden damals gezählt; was nicht gezählt wurde, "
        "steht als –.",
        "This edition was recorded afterwards: its figures were counted then; what was not counted "
        "shows as –.",
    ),
    "history.import": ("Frühere Ausgaben importieren", "Import past editions"),
    "history.import_hint": (
        "CSV (UTF-8) oder XLSX, eine Zeile je Ausgabe. Pflichtspalten: Ausgabe, Datum (z. B. 12.05.2022 "
        "oder 12.05.2022 - 13.05.2022), Gastgeber-Kreis (Name oder Schlüssel), Teilnehmende, Organisationen. "
        "Dazu möglich: Vertretene Kreise, Entscheidungsträger*innen, Neue Teilnehmende, Titel, Ort. "
        "Die Datei wird zuerst nur geprüft.",
        "CSV (UTF-8) or XLSX, one row per edition. Required columns: Edition, Date (e.g. 12.05.2022 or "
        "12.05.2022 - 13.05.2022), Host district (name or key), Attendees, Organisations. Optional: "
        "Districts represented, Decision makers, Newcomers, Title, Venue. The file is only checked first.",
    ),
    "history.would_record": ("Wird eingetragen", "Would be recorded"),
    "history.problems": ("Fehler je Zeile", "Problems by row"),
    "history.import_fix_first": (
        "Bitte die Fehler in der Datei beheben und sie erneut prüfen; eingetragen wird erst eine "
        "fehlerfreie Datei.",
        "Please fix the problems in the file and check it again; only a file without problems is recorded.",
    ),
    "history.import_confirm_hint": (
        "Alle Zeilen werden zusammen eingetragen, als durchgeführte Ausgaben; niemand wird angeschrieben.",
        "All rows are recorded together, as editions held; nobody is written to.",
    ),
    "history.import_confirm": ("Jetzt eintragen", "Record now"),
    "history.import_recorded": ("Eingetragene Ausgaben", "Editions recorded"),
    "events.waitlist": ("Warteliste", "Waiting list"),
    "events.waitlist_place": ("Platz", "Position"),
    "events.show_unfinished": ("Offen und in Arbeit", "Open and in progress"),
    "events.show_due_soon": ("Bald fällig", "Due soon"),
    "events.show_all": ("Alle", "All"),
    "events.status_draft": ("Entwurf", "draft"),
    "events.status_published": ("veröffentlicht", "published"),
    "events.status_running": ("läuft", "running"),
    "events.status_completed": ("abgeschlossen", "completed"),
    "events.status_cancelled": ("abgesagt", "cancelled"),
    "events.format_regional_workshop": ("Regionalworkshop", "Regional workshop"),
    "events.format_ideas_workshop": ("Ideenwerkstatt", "Ideas workshop"),
    "events.format_ideas_cafe": ("Ideencafé", "Ideas café"),
    "events.format_learning_workshop": ("Lernwerkstatt", "Learning workshop"),
    "events.format_future_workshop": ("Zukunftswerkstatt", "Future workshop"),
    "events.format_network_meeting": ("Netzwerktreffen", "Network meeting"),
    "events.format_specialist_day": ("Fachtag", "Specialist day"),
    "events.format_custom": ("Anderes Format", "Other format"),
    "agenda.format_welcome": ("Begrüßung", "Welcome"),
    "agenda.format_greeting": ("Grußwort", "Greeting"),
    "agenda.format_impulse": ("Impuls", "Impulse"),
    "agenda.format_talk": ("Vortrag", "Talk"),
    "agenda.format_workshop": ("Workshop", "Workshop"),
    "agenda.format_practice_workshop": ("Praxisworkshop", "Practice workshop"),
    "agenda.format_world_cafe": ("World Café", "World café"),
    "agenda.format_speed_consultation": ("Speed Consultation", "Speed consultation"),
    "agenda.format_barcamp": ("Barcamp", "Barcamp"),
    "agenda.format_plenary": ("Plenum", "Plenary"),
    "agenda.format_questions": ("Fragerunde", "Questions"),
    "agenda.format_presentation_round": ("Vorstellungsrunde", "Presentation round"),
    "agenda.format_networking": ("Vernetzung", "Networking"),
    "agenda.format_break": ("Pause", "Break"),
    "agenda.format_lunch": ("Mittagspause", "Lunch"),
    "agenda.format_closing": ("Abschluss", "Closing"),
    "agenda.format_other": ("Sonstiges", "Other"),
    "agreement.responsible": ("Verantwortlich", "Responsible"),
    "agreement.responsible_person": ("Verantwortliche Person", "Responsible person"),
    "agreement.hand_over_hint": (
        "Übernimmt eine andere Organisation, wird die verantwortliche Person entfernt; danach wählen Sie "
        "eine Person der neuen Organisation.",
        "When another organisation takes over, the responsible person is removed; afterwards you choose "
        "one of the new organisation's people.",
    ),
    "agreement.handed_over": (
        "Die Vereinbarung liegt jetzt bei „{organisation}“. Wählen Sie bei Bedarf eine verantwortliche "
        "Person dieser Organisation.",
        "The agreement now lies with “{organisation}”. Choose one of its people as responsible if needed.",
    ),
    "agreement.edit": ("Vereinbarung bearbeiten", "Edit agreement"),
    "agreement.status_open": ("offen", "open"),
    "agreement.overdue": ("überfällig", "overdue"),
    "agreement.carried_over": (
        "Offen aus früheren Ausgaben der Reihe",
        "Still open from earlier editions of the series",
    ),
    "agreement.earlier_edition": ("frühere Ausgabe", "earlier edition"),
    "agreement.from_edition": ("{edition}. Ausgabe, {date}", "edition {edition}, {date}"),
    "agreement.status_in_progress": ("in Arbeit", "in progress"),
    "agreement.status_done": ("erledigt", "done"),
    "agreement.status_dropped": ("verworfen", "dropped"),
    "agreement.finish_question": (
        "Vereinbarung „{text}“ wirklich als {status} abschließen?",
        "Really close the agreement “{text}” as {status}?",
    ),
    "agreement.finish_text": (
        "Eine erledigte oder verworfene Vereinbarung lässt sich nicht mehr ändern; wird sie wieder "
        "aufgenommen, ist das eine neue Vereinbarung. Das lässt sich nicht rückgängig machen.",
        "A done or dropped agreement cannot be changed any more; taken up again, it is a new "
        "agreement. This cannot be undone.",
    ),
    "agreement.finish_yes": ("Ja, als {status} abschließen", "Yes, close it as {status}"),
    "invitation.status_issued": ("eingeladen", "invited"),
    "invitation.status_accepted": ("zugesagt", "accepted"),
    "invitation.status_declined": ("abgesagt", "declined"),
    "invitation.status_withdrawn": ("zurückgezogen", "withdrawn"),
    # Where an invitation stands now, following the person's registration (events' InvitationState)
    "invitation.total": ("eingeladen", "invited"),
    "invitation.state_open": ("ohne Antwort", "no answer yet"),
    "invitation.state_confirmed": ("zugesagt", "accepted"),
    "invitation.state_waitlisted": ("auf der Warteliste", "on the waiting list"),
    "invitation.state_cancelled": ("storniert", "cancelled"),
    "invitation.state_declined": ("abgesagt", "declined"),
    "invitation.state_withdrawn": ("zurückgezogen", "withdrawn"),
    "delivery.status_pending": ("wartend", "pending"),
    "delivery.status_sent": ("versandt", "sent"),
    "delivery.status_failed": ("fehlgeschlagen", "failed"),
    "delivery.status_suppressed": ("unterdrückt (abbestellt)", "suppressed (unsubscribed)"),
    "delivery.status_cancelled": ("verworfen", "cancelled"),
    "delivery.problem_waiting_for_contact": (
        "wartet auf die Kontaktdaten aus dem Register",
        "waiting for the contact from the registry",
    ),
    "delivery.problem_unknown_contact": (
        "Die Person ist (nicht mehr) im Register.",
        "The person is not (or no longer) in the registry.",
    ),
    "delivery.problem_waiting_for_link": (
        "wartet auf den Veranstaltungsdienst (nicht erreichbar): persönlicher Link oder Adresse der "
        "einladenden Stelle",
        "waiting for the events service (unreachable): the personal link or the organiser's address",
    ),
    "delivery.problem_cannot_be_built": (
        "Die Nachricht ließ sich nicht erstellen (Vorlage oder Angaben unvollständig).",
        "The message could not be built (template or details incomplete).",
    ),
    "delivery.problem_recipient_refused": (
        "Der Mailserver hat die Adresse abgelehnt.",
        "The mail server refused the address.",
    ),
    "delivery.problem_mail_server_refused": (
        "Der Mailserver hat die Nachricht abgelehnt.",
        "The mail server refused the message.",
    ),
    "delivery.problem_mail_server_unreachable": (
        "Der Mailserver war nicht erreichbar; es wird erneut versucht.",
        "The mail server could not be reached; it is tried again.",
    ),
    "delivery.problem_opted_out": (
        "abbestellt: nur notwendige Nachrichten gehen an diese Person",
        "unsubscribed: only essential messages go to this person",
    ),
    "delivery.problem_no_consent": (
        "ohne Einwilligung in Veranstaltungskontakt",
        "no consent to event contact",
    ),
    "delivery.problem_recipient_erased": (
        "Die Person wurde gelöscht, bevor die Nachricht hinausging.",
        "The person was erased before the message went out.",
    ),
    "delivery.problem_other": ("Zustellung nicht möglich", "delivery not possible"),
    "kind.invitation": ("Einladung", "Invitation"),
    "kind.registration_confirmed": ("Anmeldebestätigung", "Registration confirmed"),
    "kind.waitlisted": ("Warteliste", "Waitlisted"),
    "kind.promoted": ("Nachgerückt", "Promoted"),
    "kind.registration_cancelled": ("Stornierung", "Registration cancelled"),
    "kind.event_changed": ("Änderung", "Event changed"),
    "kind.waitlist_changed": ("Änderung (Warteliste)", "Event changed (waiting list)"),
    "kind.event_cancelled": ("Absage", "Event cancelled"),
    "kind.reminder": ("Erinnerung", "Reminder"),
    "kind.feedback_request": ("Feedback-Bitte", "Feedback request"),
    "kind.agreement_due": ("Fällige Vereinbarung", "Agreement due"),
    "kind.save_the_date": ("Save the Date", "Save the date"),
    "notifications.attachments": ("Anhänge", "Attachments"),
    "notifications.attempts": ("Versuche", "Attempts"),
    "notifications.calendar_part": ("Kalendereintrag", "Calendar entry"),
    "notifications.calendar_request": (
        "Der Termin wird in den Kalender eingetragen oder dort geändert.",
        "The appointment is added to the calendar or changed there.",
    ),
    "notifications.calendar_cancel": (
        "Der Termin wird aus dem Kalender entfernt.",
        "The appointment is removed from the calendar.",
    ),
    "notifications.calendar_title": ("Titel", "Title"),
    "notifications.calendar_when": ("Wann", "When"),
    "notifications.calendar_where": ("Wo", "Where"),
    "notifications.created": ("Erstellt", "Created"),
    "notifications.edit_template": ("Vorlage bearbeiten", "Edit template"),
    "notifications.edit_hint": (
        "Die Vorlage gilt für alle Netzwerke. Platzhalter in doppelten geschweiften Klammern werden beim "
        "Versand gefüllt; nur die unten genannten sind möglich.",
        "The template applies to every network. Placeholders in double curly braces are filled when "
        "sending; only those named below are possible.",
    ),
    "notifications.essential_hint": (
        "Diese Nachricht geht auch an Personen, die optionale E-Mails abbestellt haben.",
        "This message goes even to people who unsubscribed from optional e-mails.",
    ),
    "notifications.placeholders": ("Platzhalter", "Placeholders"),
    "notifications.plain_text_part": ("Text (reine Textfassung)", "Text (plain-text version)"),
    "notifications.html_part": ("HTML-Fassung", "HTML version"),
    "notifications.html_hint": (
        "Die Fassung für E-Mail-Programme, die HTML zeigen; Platzhalter werden darin maskiert eingesetzt.",
        "The version for mail programs that show HTML; placeholders are inserted escaped.",
    ),
    "notifications.preview_unsaved": (
        "Mit erfundenen Beispieldaten, so wie eingegeben; noch nicht gespeichert.",
        "With fictional sample data, as typed; not saved yet.",
    ),
    "notifications.saved_notice": (
        "Die Vorlage {template} ist gespeichert.",
        "The template {template} is saved.",
    ),
    "notifications.reset": ("Auf die mitgelieferte Fassung zurücksetzen", "Reset to the built-in version"),
    "notifications.reset_question": (
        "Vorlage {template} wirklich zurücksetzen?",
        "Really reset the template {template}?",
    ),
    "notifications.reset_text": (
        "Die angepasste Fassung geht verloren; ab sofort gilt wieder die mitgelieferte.",
        "The customised version is lost; the built-in one applies again from now on.",
    ),
    "notifications.reset_yes": ("Ja, zurücksetzen", "Yes, reset"),
    "notifications.reset_notice": (
        "Die Vorlage {template} ist zurückgesetzt; es gilt die mitgelieferte Fassung.",
        "The template {template} is reset; the built-in version applies.",
    ),
    "notifications.customised": ("angepasst", "customised"),
    "notifications.failed_hint": (
        "Nachrichten, die endgültig nicht zugestellt werden konnten, mit dem Grund (z. B. keine "
        "oder ungültige Adresse).",
        "Messages that could not be delivered for good, with the reason (e.g. no or an invalid address).",
    ),
    "notifications.from": ("Von", "From"),
    "notifications.mails_hint": (
        "Das lokale Postfach der Entwicklungsumgebung: hier landen alle versandten E-Mails.",
        "The development environment's local mailbox: every e-mail sent lands here.",
    ),
    "notifications.optional": ("abbestellbar", "optional"),
    "notifications.preview": ("Vorschau", "Preview"),
    "notifications.preview_hint": (
        "Mit erfundenen Beispieldaten; es wird nichts gespeichert oder versandt.",
        "With fictional sample data; nothing is saved or sent.",
    ),
    "notifications.received": ("Empfangen", "Received"),
    "notifications.subject": ("Betreff", "Subject"),
    "notifications.text_part": ("Text", "Text"),
    "notifications.links_hidden": (
        "Die persönlichen Links der Teilnehmenden sind ohne ihren Schlüssel gezeigt (…): wer einen "
        "solchen Link hat, kann für die Person antworten oder absagen. Ganz sehen sie nur "
        "Administratorinnen und Administratoren.",
        "The participants' personal links are shown without their key (…): whoever holds such a "
        "link can answer or cancel for the person. Only administrators see them whole.",
    ),
    "notifications.to": ("An", "To"),
    "groupwork.title": ("Gruppenarbeit", "Group work"),
    "groupwork.choose_event": ("Kommende Veranstaltung wählen", "Choose an upcoming event"),
    "groupwork.plans": ("Pläne", "Plans"),
    "groupwork.new_plan": ("Neuen Plan erstellen", "Make a new plan"),
    "groupwork.plan_title": ("Titel", "Title"),
    "groupwork.kind": ("Format", "Format"),
    "groupwork.world_cafe": ("World Café", "World café"),
    "groupwork.speed_consultation": ("Speed Consultation", "Speed consultation"),
    "groupwork.workshop_choice": ("Workshopwahl", "Workshop choice"),
    "groupwork.barcamp": ("Barcamp", "Barcamp"),
    "groupwork.rounds": (
        "Runden (beim Barcamp: so viele wie Zeitfenster)",
        "Rounds (a Barcamp has one per slot)",
    ),
    "groupwork.seed": (
        "Variante (dieselbe Nummer ergibt denselben Plan)",
        "Variant (the same number gives the same plan)",
    ),
    "groupwork.participants_source": ("Wer wird eingeteilt?", "Who is placed?"),
    "groupwork.participants_confirmed": ("alle Angemeldeten", "everyone registered"),
    "groupwork.participants_checked_in": (
        "nur die beim Check-in als anwesend Erfassten",
        "only those checked in as present",
    ),
    "groupwork.group_size": ("Gruppengröße (Speed Consultation)", "Group size (speed consultation)"),
    "groupwork.lines": ("Tische, Workshops oder Räume", "Tables, workshops or rooms"),
    "groupwork.lines_hint": (
        "Eine Zeile je Tisch (Thema), Workshop (Titel;Plätze) oder Barcamp-Raum (Name;Plätze).",
        "One line per table (topic), workshop (title;seats) or Barcamp room (name;seats).",
    ),
    "groupwork.lines_missing": ("Bitte mindestens eine Zeile eingeben.", "Please enter at least one line."),
    "groupwork.line_error": ("Zeile {line}: {message}", "Line {line}: {message}"),
    "groupwork.seats_missing": (
        "Bitte die Plätze nach einem Semikolon angeben, z. B. „{example}; 12“.",
        "Please give the seats after a semicolon, e.g. “{example}; 12”.",
    ),
    "groupwork.too_many_lines": (
        "Bitte höchstens {max_length} Zeilen eingeben.",
        "Please enter at most {max_length} lines.",
    ),
    "groupwork.slots": ("Barcamp-Zeitfenster", "Barcamp slots"),
    "groupwork.slots_hint": (
        "Eine Zeile je Zeitfenster, z. B. 11:00–11:45.",
        "One line per slot, e.g. 11:00–11:45.",
    ),
    "groupwork.participants": ("Teilnehmende", "Participants"),
    "groupwork.notices": ("Hinweise", "Notices"),
    "groupwork.quality": ("Qualität", "Quality"),
    "groupwork.outdated": (
        "Anmeldungen oder Eingaben haben sich seit dem Plan geändert.",
        "Registrations or inputs changed since the plan was made.",
    ),
    "groupwork.rerun": ("Neu planen (gleiche Variante)", "Plan again (same variant)"),
    "groupwork.sync": ("Teilnehmende abgleichen (minimale Änderung)", "Update participants (minimal change)"),
    "groupwork.print": ("Druckansicht", "Printable page"),
    "groupwork.csv": ("CSV-Export", "CSV export"),
    "groupwork.round": ("Runde", "Round"),
    "groupwork.table": ("Tisch", "Table"),
    "groupwork.workshop": ("Workshop", "Workshop"),
    "groupwork.session": ("Session", "Session"),
    "groupwork.slot": ("Zeitfenster", "Slot"),
    "groupwork.room": ("Raum", "Room"),
    "groupwork.votes": ("Stimmen", "Votes"),
    "groupwork.choice": ("Wahl", "Choice"),
    "groupwork.byes": ("Pause", "Bye"),
    "groupwork.none": ("Noch keine Pläne.", "No plans yet."),
    "groupwork.errors": ("Bitte prüfen Sie die Eingaben:", "Please check the input:"),
    "groupwork.inputs": ("Eingaben und Änderungen von Hand", "Inputs and changes by hand"),
    "groupwork.move_person": ("Person umsetzen", "Move a person"),
    "groupwork.person": ("Person", "Person"),
    "groupwork.other_person": ("Mit Person", "With person"),
    "groupwork.move": ("Verschieben", "Move"),
    "groupwork.swap_people": ("Zwei Personen tauschen", "Swap two people"),
    "groupwork.swap": ("Tauschen", "Swap"),
    "groupwork.rankings": ("Workshopwünsche eintragen", "Enter workshop wishes"),
    "groupwork.propose": ("Session vorschlagen", "Propose a session"),
    "groupwork.session_title": ("Titel der Session", "Session title"),
    "groupwork.giver": ("Sessiongeber*in", "Session giver"),
    "groupwork.cast_votes": ("Stimmen eintragen", "Enter votes"),
    "groupwork.move_session": ("Session verschieben", "Move a session"),
    "groupwork.saved": (
        "Gespeichert; der Plan berücksichtigt die Eingabe beim nächsten Neuplanen.",
        "Saved; the plan takes the input into account when planned again.",
    ),
    # The plan as files (web/groupwork_files.py): the printable page with its cards, CSV and XLSX.
    "groupwork.xlsx": ("Excel-Export", "Excel export"),
    "groupwork.file_name": ("gruppenarbeit", "group-work"),
    "groupwork.print_table_cards": ("Tischkarten", "Table cards"),
    "groupwork.print_walk_cards": ("Laufkarten: Ihr Tisch in jeder Runde", "Your table in each round"),
    "groupwork.print_host": ("Gastgeber*in", "Host"),
    "groupwork.print_participant": ("Teilnehmer*in", "Participant"),
    "groupwork.print_role": ("Rolle", "Role"),
    "groupwork.print_timetable": ("Zeitplan", "Timetable"),
    "groupwork.print_start": ("Beginn", "Start"),
    "groupwork.print_duration": ("Dauer", "Duration"),
    "groupwork.print_step": ("Schritt", "Step"),
    "groupwork.print_speaker": (
        "Runde {round}: Person {number} von {count} spricht",
        "Round {round}: speaker {number} of {count}",
    ),
    "groupwork.print_changeover": ("Wechsel zu Runde {round}", "Change partners for round {round}"),
    "groupwork.print_group_cards": ("Gruppenkarten", "Group cards"),
    "groupwork.print_group": ("Gruppe", "Group"),
    "groupwork.print_speaking_order": ("Reihenfolge", "Speaking order"),
    "groupwork.print_allocation": ("Workshopzuteilung", "Workshop allocation"),
    "groupwork.print_choice_number": ("{number}. Wahl", "choice {number}"),
    "groupwork.print_unranked": ("ohne Wunsch", "not ranked"),
    "groupwork.print_no_place": ("ohne Platz", "without a place"),
    "groupwork.print_satisfaction": (
        "Erstwahl: {first} % · unter den ersten drei: {top_three} % · ohne Platz: {unassigned}",
        "First choice: {first}% · among the first three: {top_three}% · without a place: {unassigned}",
    ),
    "groupwork.print_board": ("Sessionplan", "Session board"),
    "groupwork.print_room_cards": ("Raumkarten", "Room cards"),
    "groupwork.print_room_capacity": ("Plätze im Raum", "Seats in the room"),
    "groupwork.print_given_by": ("Von", "By"),
    "groupwork.print_not_placed": ("Ohne Zeitfenster", "Not placed"),
}


# The domain's codes as people read them: services send the code, the pages render "<kind>.<code>".
TERMS: dict[str, tuple[str, str]] = {
    "organisation_type.jobcenter": ("Jobcenter", "Jobcenter"),
    "organisation_type.employment_agency": ("Agentur für Arbeit", "Federal Employment Agency office"),
    "organisation_type.employer_service": ("Arbeitgeberservice", "Employer service"),
    "organisation_type.bamf": (
        "Bundesamt für Migration und Flüchtlinge (BAMF)",
        "Federal Office for Migration and Refugees (BAMF)",
    ),
    "organisation_type.foreigners_authority": (
        "Ausländerbehörde / Zentrale Ausländerbehörde",
        "Foreigners authority / central foreigners authority",
    ),
    "organisation_type.migration_counselling": (
        "Migrationsberatung (MBE, JMD)",
        "Migration counselling (MBE, JMD)",
    ),
    "organisation_type.social_welfare_office": ("Sozialamt", "Social welfare office"),
    "organisation_type.adult_education_centre": ("Volkshochschule", "Adult education centre"),
    "organisation_type.recognition_counselling": (
        "Anerkennungs- und Qualifizierungsberatung (IBAS)",
        "Recognition and qualification counselling (IBAS)",
    ),
    "organisation_type.iq_subproject": ("IQ-Teilprojekt", "IQ subproject"),
    "organisation_type.municipal_integration_coordination": (
        "Kommunale Integrations-/Migrationskoordination",
        "Municipal integration/migration coordination",
    ),
    "organisation_type.chamber": ("Kammer", "Chamber"),
    "organisation_type.state_authority": ("Landesbehörde", "State authority"),
    "organisation_type.promotional_bank": ("Förderbank", "Promotional bank"),
    "organisation_type.company": ("Unternehmen", "Company"),
    "organisation_type.migrant_organisation": ("Migrantenorganisation", "Migrant organisation"),
    "organisation_type.non_profit_provider": ("Freier Träger / Verein", "Non-profit provider / association"),
    "organisation_type.advisory_council": ("Beirat", "Advisory council"),
    "organisation_type.other": ("Sonstige", "Other"),
    "network_kind.iq_state_network": ("IQ Landesnetzwerk", "IQ state network"),
    "network_kind.iq_regional_network": ("Regionales Integrationsnetzwerk IQ", "IQ regional network"),
    "network_kind.integration_coordinators": (
        "Netzwerk der Integrationskoordinationen eines Landes",
        "Network of a state's integration coordinators",
    ),
    "network_kind.regional_institutions": (
        "Regionales Netzwerk der Regelinstitutionen",
        "Regional network of statutory institutions",
    ),
    "network_kind.district_core_team": ("Bezirkliches Kernteam", "District core team"),
    "network_kind.other": ("Sonstiges Netzwerk", "Other network"),
    "region_kind.land": ("Land", "federal state"),
    "region_kind.landkreis": ("Landkreis", "rural district"),
    "region_kind.kreisfreie_stadt": ("kreisfreie Stadt", "district-free city"),
    "region_kind.bezirk": ("Bezirk", "borough"),
    "region_kind.custom": ("eigene Region", "custom region"),
    # One candidate of an ambiguous region name, as an import's message lists them.
    "region_candidate.land": ("{name} (Land, {key})", "{name} (state, {key})"),
    "region_candidate.landkreis": ("Landkreis {name} ({key})", "{name} district ({key})"),
    "region_candidate.kreisfreie_stadt": ("{name} (Stadt, {key})", "{name} (city, {key})"),
    "region_candidate.bezirk": ("Berlin-{name} ({key})", "Berlin-{name} ({key})"),
    "region_candidate.or": ("oder", "or"),
    "topic.recognition_of_qualifications": (
        "Anerkennung ausländischer Berufsabschlüsse",
        "Recognition of foreign qualifications",
    ),
    "topic.work_permit": ("Arbeitserlaubnis und Arbeitsmarktzugang", "Work permits and labour-market access"),
    "topic.integration_courses": ("Integrationskurse", "Integration courses"),
    "topic.job_related_language_courses": ("Berufsbezogene Sprachkurse", "Job-related language courses"),
    "topic.sgb_ii_benefits": ("Leistungen nach SGB II (Bürgergeld)", "Basic income support (SGB II)"),
    "topic.asylum_seeker_benefits": (
        "Leistungen nach dem Asylbewerberleistungsgesetz",
        "Benefits for asylum seekers",
    ),
    "topic.job_placement": ("Arbeitsvermittlung", "Job placement"),
    "topic.career_guidance": ("Berufsberatung", "Career guidance"),
    "topic.vocational_training": (
        "Ausbildung und Ausbildungsförderung",
        "Vocational training and its funding",
    ),
    "topic.qualification_measures": (
        "Qualifizierung und Anpassungsmaßnahmen",
        "Qualification and adaptation measures",
    ),
    "topic.residence_law": ("Aufenthaltsrecht", "Residence law"),
    "topic.migration_counselling": ("Migrationsberatung", "Migration counselling"),
    "topic.employer_counselling": ("Arbeitgeberberatung", "Employer counselling"),
    "topic.intercultural_opening": ("Interkulturelle Öffnung", "Intercultural opening of organisations"),
    "topic.other": ("Sonstiges", "Other"),
    "form_of_address.ms": ("Frau", "Ms"),
    "form_of_address.mr": ("Herr", "Mr"),
    "form_of_address.neutral": ("Neutral (Vor- und Nachname)", "Neutral (first and last name)"),
    "agenda_format.welcome": ("Begrüßung", "Welcome"),
    "agenda_format.greeting": ("Grußwort", "Greeting"),
    "agenda_format.impulse": ("Impuls", "Impulse talk"),
    "agenda_format.talk": ("Vortrag", "Talk"),
    "agenda_format.workshop": ("Workshop", "Workshop"),
    "agenda_format.practice_workshop": ("Praxisworkshop", "Practice workshop"),
    "agenda_format.world_cafe": ("World Café", "World café"),
    "agenda_format.speed_consultation": ("Speed Consultation", "Speed consultation"),
    "agenda_format.barcamp": ("Barcamp", "Barcamp"),
    "agenda_format.plenary": ("Plenum", "Plenary"),
    "agenda_format.questions": ("Fragerunde", "Questions"),
    "agenda_format.presentation_round": ("Vorstellungsrunde", "Round of introductions"),
    "agenda_format.networking": ("Vernetzung", "Networking"),
    "agenda_format.break": ("Pause", "Break"),
    "agenda_format.lunch": ("Mittagspause", "Lunch break"),
    "agenda_format.closing": ("Abschluss", "Closing"),
    "agenda_format.other": ("Sonstiges", "Other"),
}
CATALOGUE |= TERMS


# Refusals by their code (pydantic's error types and the services' rule codes), worded for the
# field they are shown at; ``{name}`` takes the error's parameters.
ERRORS: dict[str, tuple[str, str]] = {
    "error.invalid": ("Diese Angabe ist nicht zulässig.", "This entry is not valid."),
    "error.missing": ("Bitte füllen Sie dieses Feld aus.", "Please fill in this field."),
    "error.no_audience": (
        "Bitte wählen Sie, wen Sie einladen: Netzwerke, Regionen, Organisationsarten "
        "oder Personen aus dem Register.",
        "Please choose whom to invite: networks, regions, organisation types or people from the register.",
    ),
    # A survey's answers (the feedback service's codes); the survey page words a missing answer by
    # the question's kind (public.choose_an_answer, public.write_an_answer).
    "error.missing_required": ("Bitte beantworten Sie diese Frage.", "Please answer this question."),
    "error.unknown_option": (
        "Bitte eine der angebotenen Antworten wählen.",
        "Please choose one of the answers offered.",
    ),
    "error.duplicate_option": ("Diese Antwort ist doppelt gewählt.", "This answer is chosen twice."),
    "error.wrong_type": ("Diese Antwort passt nicht zur Frage.", "This answer does not fit the question."),
    "error.string_too_short": (
        "Bitte mindestens {min_length} Zeichen eingeben.",
        "Please enter at least {min_length} characters.",
    ),
    "error.password_guessable": (
        "Dieses Passwort ist zu leicht zu erraten (nur Ziffern, eine Wiederholung, das Alphabet, ein "
        "gängiges Wort mit Ziffern oder die E-Mail-Adresse). Bitte wählen Sie ein anderes.",
        "This password is too easy to guess (digits only, a repetition, the alphabet, a common word "
        "with digits, or the e-mail address). Please choose another one.",
    ),
    "error.surrounding_spaces": (
        "Bitte ohne Leerzeichen am Anfang oder Ende eingeben.",
        "Please leave out spaces at the beginning and the end.",
    ),
    "error.string_too_long": (
        "Bitte höchstens {max_length} Zeichen eingeben.",
        "Please enter at most {max_length} characters.",
    ),
    "error.too_short": (
        "Bitte mindestens {min_length} Einträge angeben.",
        "Please give at least {min_length} entries.",
    ),
    "error.too_short_one": ("Bitte mindestens einen Eintrag angeben.", "Please give at least one entry."),
    "error.too_long": (
        "Bitte höchstens {max_length} Einträge angeben.",
        "Please give at most {max_length} entries.",
    ),
    "error.greater_than": ("Der Wert muss größer als {gt} sein.", "The value must be greater than {gt}."),
    "error.greater_than_equal": ("Der Wert muss mindestens {ge} sein.", "The value must be at least {ge}."),
    "error.less_than": ("Der Wert muss kleiner als {lt} sein.", "The value must be less than {lt}."),
    "error.less_than_equal": ("Der Wert darf höchstens {le} sein.", "The value must be at most {le}."),
    "error.int_parsing": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "error.int_type": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "error.int_from_float": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "error.float_parsing": ("Bitte eine Zahl eingeben.", "Please enter a number."),
    "error.float_type": ("Bitte eine Zahl eingeben.", "Please enter a number."),
    "error.decimal_parsing": ("Bitte eine Zahl eingeben.", "Please enter a number."),
    "error.bool_parsing": ("Bitte ja oder nein wählen.", "Please choose yes or no."),
    "error.literal_error": ("Bitte einen der Werte {expected} wählen.", "Please choose one of {expected}."),
    "error.enum": ("Bitte einen der angebotenen Werte wählen.", "Please choose one of the offered values."),
    "error.uuid_parsing": ("Bitte aus der Liste wählen.", "Please choose from the list."),
    "error.uuid_type": ("Bitte aus der Liste wählen.", "Please choose from the list."),
    "error.date_parsing": (
        "Bitte ein Datum eingeben, z. B. 20.11.2025.",
        "Please enter a date, e.g. 2025-11-20.",
    ),
    "error.date_from_datetime_parsing": (
        "Bitte ein Datum eingeben, z. B. 20.11.2025.",
        "Please enter a date, e.g. 2025-11-20.",
    ),
    "error.date_type": (
        "Bitte ein Datum eingeben, z. B. 20.11.2025.",
        "Please enter a date, e.g. 2025-11-20.",
    ),
    "error.datetime_parsing": (
        "Bitte Datum und Uhrzeit eingeben, z. B. 20.11.2025 10:00.",
        "Please enter a date and time, e.g. 2025-11-20 10:00.",
    ),
    "error.datetime_from_date_parsing": (
        "Bitte Datum und Uhrzeit eingeben, z. B. 20.11.2025 10:00.",
        "Please enter a date and time, e.g. 2025-11-20 10:00.",
    ),
    "error.datetime_type": (
        "Bitte Datum und Uhrzeit eingeben, z. B. 20.11.2025 10:00.",
        "Please enter a date and time, e.g. 2025-11-20 10:00.",
    ),
    "error.year_out_of_range": (
        "Bitte ein Datum zwischen den Jahren {min_year} und {max_year} eingeben.",
        "Please enter a date between the years {min_year} and {max_year}.",
    ),
    "error.time_parsing": ("Bitte eine Uhrzeit eingeben, z. B. 10:00.", "Please enter a time, e.g. 10:00."),
    "error.time_type": ("Bitte eine Uhrzeit eingeben, z. B. 10:00.", "Please enter a time, e.g. 10:00."),
    "error.string_type": ("Bitte einen Text eingeben.", "Please enter text."),
    "error.string_pattern_mismatch": (
        "Diese Angabe hat nicht die erwartete Form.",
        "This entry does not have the expected form.",
    ),
    "error.value_error": ("Diese Angabe ist nicht zulässig.", "This entry is not valid."),
    "error.assertion_error": ("Diese Angabe ist nicht zulässig.", "This entry is not valid."),
    "error.extra_forbidden": ("Dieses Feld ist hier nicht vorgesehen.", "This field is not expected here."),
    "error.list_type": ("Bitte eine Liste angeben.", "Please give a list."),
    "error.url_parsing": (
        "Bitte eine Webadresse eingeben, z. B. https://…",
        "Please enter a web address, e.g. https://…",
    ),
    "error.url_scheme": (
        "Bitte eine Webadresse mit https:// eingeben.",
        "Please enter a web address with https://.",
    ),
    "error.json_invalid": ("Die Eingabe ist unvollständig.", "The input is incomplete."),
    "error.malformed": ("Die Eingabe ist unvollständig.", "The input is incomplete."),
    "error.nul_character": (
        "Diese Angabe enthält ein unzulässiges Zeichen.",
        "This entry contains a character that is not allowed.",
    ),
    "error.one_line": (
        "Bitte in einer Zeile, ohne Zeilenumbruch oder Steuerzeichen.",
        "Please keep this to one line, without line breaks or control characters.",
    ),
    "error.timezone_aware": (
        "Bitte eine Uhrzeit mit Zeitzone angeben.",
        "Please give a time with a time zone.",
    ),
    "error.naive_datetime": (
        "Bitte eine Uhrzeit mit Zeitzone angeben.",
        "Please give a time with a time zone.",
    ),
    "error.unknown_timezone": ("Diese Zeitzone ist unbekannt.", "This time zone is unknown."),
    "error.time_with_offset": (
        "Bitte die Uhrzeit ohne Zeitzone angeben.",
        "Please give the time without a time zone.",
    ),
    "error.invalid_wall_time": (
        "Diese Uhrzeit gibt es an diesem Tag nicht (Zeitumstellung).",
        "This time does not exist on that day (clock change).",
    ),
    "error.duplicate": ("Dieser Eintrag ist doppelt.", "This entry is given twice."),
    "error.email_taken": (
        "Diese E-Mail-Adresse gehört schon zu einer anderen Person im Register.",
        "This e-mail address belongs to another person in the register already.",
    ),
    "error.agenda_on_removed_day": (
        "Das Programm hat noch Punkte an einem Tag, den die Veranstaltung nicht mehr hat. Bitte "
        "verschieben oder entfernen Sie diese Programmpunkte zuerst.",
        "The programme still has items on a day the event no longer has. Please move or remove "
        "these items first.",
    ),
    "error.too_many_values": (
        "Das Gesendete enthält zu viele Angaben auf einmal (höchstens {max}).",
        "What was sent holds too many entries at once ({max} at most).",
    ),
    "error.too_deep": (
        "Das Gesendete ist zu tief verschachtelt (höchstens {max} Ebenen).",
        "What was sent is nested too deeply ({max} levels at most).",
    ),
    "error.out_of_range": (
        "Dieser Wert liegt außerhalb des erlaubten Bereichs.",
        "This value is out of range.",
    ),
    "error.email": ("Bitte eine gültige E-Mail-Adresse eingeben.", "Please enter a valid e-mail address."),
    "error.title_blank": ("Bitte einen Titel eingeben.", "Please enter a title."),
    "error.text_blank": ("Bitte einen Text eingeben.", "Please enter a text."),
    "error.no_days": ("Bitte mindestens einen Tag angeben.", "Please give at least one day."),
    "error.duplicate_day": ("Dieser Tag ist doppelt angegeben.", "This day is given twice."),
    "error.days_out_of_order": (
        "Bitte die Tage in zeitlicher Reihenfolge angeben.",
        "Please give the days in order.",
    ),
    "error.end_not_after_start": (
        "Das Ende muss nach dem Beginn liegen.",
        "The end must be after the start.",
    ),
    "error.duplicate_edition": (
        "Diese Ausgabe der Reihe gibt es schon.",
        "This edition of the series exists already.",
    ),
    "error.number_after_later_edition": (
        "Die {edition}. Ausgabe ist auf den {edition_date} datiert; eine frühere Ausgabe braucht eine "
        "kleinere Nummer.",
        "Edition {edition} is dated {edition_date}; an earlier edition needs a lower number.",
    ),
    "error.number_before_earlier_edition": (
        "Die {edition}. Ausgabe ist auf den {edition_date} datiert; eine spätere Ausgabe braucht eine "
        "größere Nummer.",
        "Edition {edition} is dated {edition_date}; a later edition needs a higher number.",
    ),
    "error.next_edition_exists": (
        "Die {edition}. Ausgabe folgt dieser schon; die Ausgabe danach planen Sie von dort aus.",
        "Edition {edition} follows this one already; plan the edition after it from there.",
    ),
    "error.earlier_than_editions": (
        "Die {edition}. Ausgabe dieser Reihe ist auf den {edition_date} datiert; eine Veranstaltung "
        "davor bekommt nicht die nächste Nummer. Tragen Sie sie auf der Seite der Reihe mit „Frühere "
        "Ausgabe eintragen“ mit ihrer Nummer ein.",
        "Edition {edition} of this series is dated {edition_date}; an event before it does not take "
        "the next number. Enter it on the series' page with “Record a past edition”, with its number.",
    ),
    "error.duplicate_id": (
        "Einen Eintrag mit dieser Kennung gibt es schon.",
        "An entry with this id exists already.",
    ),
    "error.session_taken": (
        "Eine andere Session mit diesem Titel ist schon vorgeschlagen.",
        "Another session with this title has already been proposed.",
    ),
    "error.not_held_yet": (
        "Jeder Tag einer Veranstaltung, die schon stattgefunden hat, liegt vor dem heutigen Tag.",
        "Every day of an event that has taken place lies before today.",
    ),
    "error.not_a_member": (
        "Die Person gehört dieser Organisation nicht an.",
        "The person is not a member of this organisation.",
    ),
    "error.survey_before_event": (
        "Eine Umfrage lässt sich frühestens am ersten Tag der Veranstaltung öffnen.",
        "A survey can be opened on the event's first day at the earliest.",
    ),
    "error.survey_exists": (
        "Für diese Veranstaltung gibt es schon eine Umfrage.",
        "This event has a survey already.",
    ),
    "error.closed_in_future": (
        "Der letzte Bogen kam spätestens heute zurück.",
        "The last form came back today at the latest.",
    ),
    "error.closed_before_event": (
        "Die Bögen kamen erst nach Beginn der Veranstaltung zurück.",
        "The forms came back only after the event began.",
    ),
    "error.more_returned_than_handed_out": (
        "Es sind mehr Bögen zurückgekommen, als ausgegeben wurden.",
        "More forms came back than were handed out.",
    ),
    "error.event_not_completed": (
        "Papierbögen werden für eine abgeschlossene Veranstaltung erfasst.",
        "Paper forms are entered for a completed event.",
    ),
    "error.date_in_future": (
        "Dieser Tag liegt in der Zukunft; eine frühere Ausgabe fand spätestens heute statt.",
        "This day lies in the future; a past edition took place today at the latest.",
    ),
    "error.date_too_early": (
        "Frühere Ausgaben lassen sich ab dem Jahr {earliest} eintragen.",
        "Past editions can be recorded from the year {earliest} on.",
    ),
    "error.last_day_before_first": (
        "Der letzte Tag liegt vor dem ersten Tag.",
        "The last day is before the first day.",
    ),
    "error.too_many_days": (
        "Eine Ausgabe dauert höchstens {max} Tage.",
        "An edition lasts at most {max} days.",
    ),
    "error.unknown_district": (
        "Einen Kreis „{value}“ kennen wir nicht. Bitte aus der Liste wählen.",
        "We know no district “{value}”. Please choose from the list.",
    ),
    "error.unknown_district_plain": (
        "Das ist kein Kreis und keine kreisfreie Stadt. Bitte einen Kreis aus der Liste wählen.",
        "That is no district. Please choose a district from the list.",
    ),
    "error.more_than_attendees": (
        "Das sind mehr als die {attendees} Teilnehmenden.",
        "That is more than the {attendees} attendees.",
    ),
    "error.more_than_districts": (
        "Das Netzwerk hat nur {total} Kreise.",
        "The network has only {total} districts.",
    ),
    "error.capacity_below_confirmed": (
        "Es sind schon mehr Personen angemeldet, als die Platzzahl erlaubt.",
        "More people have registered already than this capacity allows.",
    ),
    "error.seat_limit_below_confirmed": (
        "Eine Organisation hat schon mehr Plätze belegt, als diese Grenze erlaubt.",
        "An organisation holds more seats already than this limit allows.",
    ),
    "error.field_locked": (
        "Diese Angabe lässt sich in diesem Stand der Veranstaltung nicht mehr ändern.",
        "This cannot be changed any more at this stage of the event.",
    ),
    "error.event_read_only": (
        "Die Veranstaltung lässt sich in diesem Stand nicht mehr ändern.",
        "The event cannot be changed any more at this stage.",
    ),
    "error.transition_not_allowed": (
        "Dieser Schritt ist im jetzigen Stand der Veranstaltung nicht möglich.",
        "This step is not possible at the event's current stage.",
    ),
    "error.series_title_taken": (
        "Eine Reihe namens „{title}“ hat dieses Netzwerk schon. Bitte planen Sie dort die nächste "
        "Ausgabe oder nennen Sie die neue Reihe anders.",
        "This network has a series named “{title}” already. Please plan its next edition or give the "
        "new series another name.",
    ),
    "error.day_in_past": (
        "Der Termin liegt in der Vergangenheit. Bitte einen kommenden Tag wählen.",
        "The date has passed. Please choose a day ahead.",
    ),
    "error.starts_in_past": (
        "Dieser Termin hat schon begonnen; eine neue Veranstaltung braucht einen kommenden Termin. "
        "Eine frühere Ausgabe einer Reihe tragen Sie auf der Seite der Reihe mit „Frühere Ausgabe "
        "eintragen“ ein, eine vergangene Veranstaltung mit ihrer Teilnahmeliste mit „Vergangene "
        "Veranstaltung nachtragen“.",
        "This date has begun already; a new event needs a date ahead. Enter an earlier edition of a "
        "series on the series' page with “Record a past edition”, a past event with its attendance "
        "list with “Enter a past event”.",
    ),
    "error.event_in_past": (
        "Eine Veranstaltung, die schon begonnen hat, kann nicht mehr veröffentlicht werden.",
        "An event that has already begun cannot be published.",
    ),
    "error.event_not_started": (
        "Die Veranstaltung kann frühestens an ihrem ersten Tag beginnen.",
        "The event can start on its first day at the earliest.",
    ),
    "error.event_cancelled": ("Die Veranstaltung wurde abgesagt.", "The event has been cancelled."),
    "error.event_completed": ("Die Veranstaltung ist vorbei.", "The event is over."),
    "error.event_not_held": (
        "Die Anwesenheit wird erfasst, sobald die Veranstaltung läuft.",
        "Attendance is recorded once the event is running.",
    ),
    "error.event_not_published": (
        "Die Veranstaltung ist noch nicht veröffentlicht.",
        "The event has not been published yet.",
    ),
    "error.registration_closed": ("Die Anmeldung ist geschlossen.", "Registration has closed."),
    "error.registration_not_open": (
        "Die Anmeldung ist noch nicht geöffnet.",
        "Registration is not open yet.",
    ),
    "error.not_registered": ("Diese Person ist nicht angemeldet.", "This person is not registered."),
    "error.not_confirmed": (
        "Nur bestätigte Teilnehmende werden eingecheckt.",
        "Only confirmed participants are checked in.",
    ),
    "error.not_in_series": (
        "Nur eine Veranstaltung einer Reihe hat eine nächste Ausgabe.",
        "Only an event of a series has a next edition.",
    ),
    "error.invitation_withdrawn": ("Diese Einladung wurde zurückgezogen.", "This invitation was withdrawn."),
    "error.other_network": (
        "Das gehört zum Netzwerk „{network_name}“, nicht zu Ihren Netzwerken. Ändern dürfen es nur "
        "die Koordinierenden dieses Netzwerks oder die Administration.",
        "This belongs to the network “{network_name}”, not to one of yours. Only that network's "
        "coordinators or an administrator may change it.",
    ),
    "error.other_network_plain": (
        "Das gehört zu keinem Ihrer Netzwerke. Ändern dürfen es nur die Koordinierenden seiner "
        "Netzwerke oder die Administration.",
        "This belongs to none of your networks. Only its networks' coordinators or an administrator "
        "may change it.",
    ),
    "error.agreement_closed": (
        "Eine abgeschlossene Vereinbarung lässt sich nicht mehr ändern.",
        "A finished agreement cannot be changed.",
    ),
    "error.agreement_final": (
        "Eine erledigte oder verworfene Vereinbarung wird nicht wieder geöffnet. Steht die Sache erneut "
        "an, tragen Sie bitte eine neue Vereinbarung ein.",
        "A done or dropped agreement is not reopened. If the matter comes up again, please record a new "
        "agreement.",
    ),
    "error.due_before_event": (
        "Das Fälligkeitsdatum darf nicht vor der Veranstaltung ({event_date}) liegen.",
        "The due date must not lie before the event ({event_date}).",
    ),
    "error.empty_pool": ("Die Reihe hat keine gastgebenden Kreise.", "The series has no host districts."),
    "error.duplicate_district": ("Ein Kreis steht doppelt in der Liste.", "A district is listed twice."),
    "error.no_eligible_host": ("Kein Kreis kommt als Gastgeber in Frage.", "No district can host."),
    "error.substitute_already_registered": (
        "Die Vertretung ist schon angemeldet.",
        "The substitute is registered already.",
    ),
    "error.substitute_from_other_organisation": (
        "Die Vertretung muss aus derselben Organisation kommen.",
        "The substitute must come from the same organisation.",
    ),
    "error.room_clash": ("Der Raum ist zu dieser Zeit schon belegt.", "The room is taken at that time."),
    "error.speaker_clash": (
        "Diese Person spricht zu dieser Zeit schon an anderer Stelle.",
        "This person speaks elsewhere at that time.",
    ),
    "error.outside_event_day": (
        "Der Programmpunkt liegt außerhalb der Zeiten des Tages.",
        "The item lies outside the day's hours.",
    ),
    "error.not_an_event_day": ("Das ist kein Tag der Veranstaltung.", "That is not a day of the event."),
    "error.unknown_event": ("Diese Veranstaltung gibt es nicht.", "There is no such event."),
    "error.unknown_person": ("Diese Person gibt es nicht.", "There is no such person."),
    "error.unknown_region": ("Diese Region ist unbekannt.", "This region is unknown."),
    "error.survey_not_open": ("Die Umfrage ist nicht geöffnet.", "The survey is not open."),
    "error.duplicate_answer": ("Diese Frage ist doppelt beantwortet.", "This question is answered twice."),
    "error.duplicate_attendee": ("Diese Person ist doppelt eingetragen.", "This person is entered twice."),
    "error.event_not_finished": (
        "Die Veranstaltung kann frühestens an ihrem letzten Tag abgeschlossen werden.",
        "The event can be completed on its last day at the earliest.",
    ),
    "error.substitute_is_member": (
        "Eine Person kann sich nicht selbst vertreten.",
        "A person cannot substitute for themselves.",
    ),
    "error.negative_window": (
        "Der Zeitraum darf nicht negativ sein.",
        "The period must not be negative.",
    ),
    "error.erased_person": (
        "Diese Person wurde gelöscht.",
        "This person was erased.",
    ),
    "error.ambiguous_organisation": (
        "Mehrere Organisationen tragen diesen Namen; bitte von Hand zuordnen.",
        "Several organisations have this name; please assign by hand.",
    ),
    "error.ambiguous_region": (
        "Dieser Name passt auf mehrere Regionen; bitte den Kreisschlüssel angeben.",
        "This name matches several regions; please give the district key.",
    ),
    "error.invalid_date": (
        "Das ist kein Datum. Bitte z. B. 12.05.2022 schreiben.",
        "This is no date. Please write e.g. 12.05.2022.",
    ),
    "error.invalid_number": (
        "Bitte eine ganze Zahl (0 oder mehr) angeben.",
        "Please give a whole number (0 or more).",
    ),
    "error.unknown_question": (
        "Diese Frage gehört nicht zur Umfrage.",
        "This question is not part of the survey.",
    ),
    "error.more_problems": (
        "{count} weitere Probleme dieser Eingabe sind hier nicht einzeln aufgeführt.",
        "{count} more problems of this entry are not listed here.",
    ),
    "error.unreadable_file": (
        "Die Datei lässt sich nicht lesen. Bitte eine CSV- oder XLSX-Datei hochladen.",
        "The file cannot be read. Please upload a CSV or XLSX file.",
    ),
    "error.not_utf8": (
        "Die Datei ist nicht in UTF-8 gespeichert (Zeile {line}); so speichert Excel „CSV (Trennzeichen-"
        "getrennt)“. Bitte in Excel „Speichern unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ "
        "wählen oder die Datei als XLSX hochladen.",
        "The file is not saved in UTF-8 (line {line}), as Excel saves “CSV (Comma delimited)”. Please "
        "choose “Save as” → “CSV UTF-8 (Comma delimited)” in Excel, or upload the file as XLSX.",
    ),
    "error.unnamed_column": (
        "Spalte {column} hat keine Überschrift, aber Werte (z. B. in Zeile {row}); sie würden nicht "
        "übernommen. Bitte der Spalte eine Überschrift geben (verbundene Zellen in der Kopfzeile "
        "auflösen) oder die Spalte löschen.",
        "Column {column} has no heading but values (e.g. in row {row}); they would not be imported. "
        "Please give the column a heading (unmerge header cells) or delete the column.",
    ),
    "error.no_known_columns": (
        "Die Datei hat keine der erwarteten Spalten. Erwartet werden: {columns}.",
        "The file has none of the expected columns. Expected are: {columns}.",
    ),
    "error.missing_columns": (
        "In der Datei fehlen diese Spalten: {columns}.",
        "The file lacks these columns: {columns}.",
    ),
    "error.duplicate_column": (
        "Die Spalten „{first}“ und „{second}“ meinen beide „{column}“. Bitte eine davon entfernen.",
        "The columns “{first}” and “{second}” both mean “{column}”. Please remove one of them.",
    ),
    "error.window_closes_before_opening": (
        "Der Anmeldeschluss muss nach dem Anmeldebeginn liegen.",
        "Registration must close after it opens.",
    ),
    "error.window_closes_after_event": (
        "Der Anmeldeschluss muss vor dem Beginn der Veranstaltung liegen.",
        "Registration must close before the event begins.",
    ),
    "error.no_participants": ("Es gibt noch keine Teilnehmenden.", "There are no participants yet."),
    "error.too_few_participants": (
        "Dafür sind es zu wenige Teilnehmende.",
        "There are too few participants for this.",
    ),
    "error.rounds_exceed_tables": (
        "Es gibt mehr Runden als Tische; jemand säße zweimal am selben Tisch.",
        "There are more rounds than tables; someone would sit at the same table twice.",
    ),
    "error.rooms_too_small": ("Die Räume sind zu klein.", "The rooms are too small."),
    "error.too_many_sessions": (
        "Es gibt mehr Sessions als Plätze im Plan.",
        "There are more sessions than places.",
    ),
    # Changes of a group-work plan by hand and in the room (the events service's codes).
    "error.host_stays": (
        "Gastgebende bleiben alle Runden an ihrem Tisch und können nicht umgesetzt werden.",
        "Table hosts stay at their table for all rounds and cannot be moved.",
    ),
    "error.no_such_round": (
        "Diese Runde gibt es nicht; der Plan hat {rounds} Runden.",
        "There is no such round; the plan has {rounds} rounds.",
    ),
    "error.unknown_table": ("Diesen Tisch gibt es im Plan nicht.", "There is no such table in the plan."),
    "error.not_in_plan": ("Diese Person ist nicht im Plan.", "This person is not in the plan."),
    "error.already_in_plan": ("Diese Person ist bereits im Plan.", "This person is already in the plan."),
    "error.same_person": ("Bitte zwei verschiedene Personen wählen.", "Please choose two different people."),
    "error.same_group": (
        "Die beiden sind in dieser Runde in derselben Gruppe; ein Tausch ändert nichts.",
        "The two are in the same group in this round; swapping them changes nothing.",
    ),
    "error.unknown_workshop": (
        "Diesen Workshop gibt es im Plan nicht.",
        "There is no such workshop in the plan.",
    ),
    "error.workshop_full": (
        "Der Workshop „{workshop}“ ist voll ({taken} von {capacity} Plätzen). Bitte zuerst jemanden "
        "aus diesem Workshop umsetzen.",
        "The workshop “{workshop}” is full ({taken} of {capacity} seats). Please move someone out of it "
        "first.",
    ),
    "error.unknown_session": ("Diese Session gibt es nicht.", "There is no such session."),
    "error.unknown_slot": ("Dieses Zeitfenster gibt es nicht.", "There is no such time slot."),
    "error.unknown_room": ("Diesen Raum gibt es nicht.", "There is no such room."),
    "error.ambiguous_speaker": (
        "Mehrere Personen im Netzwerk heißen „{name}“; bitte als „{name} (Organisation)“ angeben.",
        "Several people of the network are called “{name}”; please enter “{name} (organisation)”.",
    ),
    "error.unknown_speaker": (
        "„{name}“ ist keine bekannte Person; bitte nur den Namen eingeben, ohne Angabe in eckigen Klammern.",
        "“{name}” is no known person; please enter the name only, without anything in square brackets.",
    ),
    "error.slot_not_a_time": (
        "„{label}“ ist keine Uhrzeit und keine Zeitspanne; bitte z. B. 11:00–11:45 eingeben.",
        "“{label}” is no time of day or span; please enter e.g. 11:00–11:45.",
    ),
    "error.slot_ends_before_start": (
        "Dieses Zeitfenster endet ({end}), bevor es beginnt ({start}).",
        "This slot ends ({end}) before it begins ({start}).",
    ),
    "error.slot_overlaps": (
        "„{label}“ überschneidet sich mit dem Zeitfenster „{other}“; Zeitfenster dürfen sich nicht "
        "überschneiden.",
        "“{label}” overlaps the slot “{other}”; slots must not overlap.",
    ),
    "error.barcamp_rounds_are_slots": (
        "Ein Barcamp hat so viele Runden wie Zeitfenster, hier {slots}: bitte {slots} eingeben oder das "
        "Feld leer lassen.",
        "A Barcamp has as many rounds as slots, here {slots}: please enter {slots} or leave the field empty.",
    ),
    "error.slot_rooms_taken": (
        "Im Zeitfenster {slot} sind alle Räume belegt. Bitte einen Raum wählen: die Session dort "
        "tauscht dann mit dieser den Platz.",
        "Every room in the time slot {slot} is taken. Please choose a room: the session there then "
        "swaps places with this one.",
    ),
    "error.giver_in_two_places": (
        "„{session}“ und „{other}“ liefen dann beide im Zeitfenster {slot}, werden aber von derselben "
        "Person gegeben, die nicht an zwei Orten sein kann.",
        "“{session}” and “{other}” would both run in the time slot {slot}, but one person gives both "
        "and cannot be in two places.",
    ),
    "error.not_applicable": (
        "Das passt nicht zu dieser Art von Gruppenarbeit.",
        "This does not apply to this kind of group work.",
    ),
    "error.not_participant": (
        "Diese Person ist nicht bestätigt zur Veranstaltung angemeldet.",
        "This person is not a confirmed participant of the event.",
    ),
    "error.named_twice": ("Diese Person ist doppelt genannt.", "This person is named twice."),
    "error.not_started": (
        "Die Gruppenarbeit ist noch nicht gestartet.",
        "The group work has not started yet.",
    ),
    "error.finished": ("Die Gruppenarbeit ist beendet.", "The group work is finished."),
    # Other services' refusals that a page can meet.
    "form.stale_kept": (
        "Der Eintrag wurde inzwischen geändert. Ihre Eingaben stehen weiter im Formular; vom jetzt "
        "gespeicherten Stand weichen ab: {fields}. Speichern Sie erneut, um den gespeicherten Stand "
        "durch Ihre Eingaben zu ersetzen; den gespeicherten Stand zeigt die Seite des Eintrags.",
        "The entry was changed meanwhile. Your input is still in the form; it differs from what is "
        "stored now in: {fields}. Save again to replace the stored state with your input; the entry's "
        "page shows what is stored.",
    ),
    "form.stale_same": (
        "Der Eintrag wurde inzwischen geändert, stimmt aber mit Ihren Eingaben überein. Speichern Sie "
        "erneut, um sie zu bestätigen.",
        "The entry was changed meanwhile, but it matches your input. Save again to confirm it.",
    ),
    "error.stale_version": (
        "Der Eintrag wurde inzwischen geändert. Bitte laden Sie die Seite neu und versuchen Sie es "
        "noch einmal.",
        "The entry was changed meanwhile. Please reload the page and try again.",
    ),
    "error.built_in": (
        "Mitgelieferte Vorlagen können nicht geändert werden; bitte kopieren Sie die Vorlage und ändern "
        "Sie die Kopie.",
        "A ready-made template cannot be edited; copy it and edit the copy.",
    ),
    "error.unknown_placeholder": (
        "Den Platzhalter „{placeholder}“ gibt es für diese Nachricht nicht. Möglich sind: {allowed}.",
        "This message has no placeholder “{placeholder}”. Possible are: {allowed}.",
    ),
    "error.template_syntax": (
        "Zeile {line}: „{found}“ ist kein Platzhalter. Platzhalter sind kleingeschriebene Namen wie "
        "event_title in doppelten geschweiften Klammern.",
        "Line {line}: “{found}” is not a placeholder. Placeholders are lower-case names such as "
        "event_title in double curly braces.",
    ),
    "error.template_syntax_plain": (
        "Zeile {line}: „{brace}“ steht ohne Gegenstück. Platzhalter stehen in doppelten geschweiften "
        "Klammern.",
        "Line {line}: “{brace}” has no counterpart. Placeholders stand in double curly braces.",
    ),
    "error.template_not_found": (
        "Diese Vorlage gibt es nicht.",
        "There is no such template.",
    ),
    "error.template_name_taken": (
        "Eine Vorlage namens „{name}“ gibt es schon (auch in anderer Groß- und Kleinschreibung). "
        "Bitte wählen Sie einen anderen Namen.",
        "A template named “{name}” exists already (perhaps written in another case). "
        "Please choose another name.",
    ),
    "error.survey_closed": (
        "Die Umfrage dieser Veranstaltung ist geschlossen und kann nicht wieder geöffnet werden.",
        "The survey of this event has closed and cannot open again.",
    ),
    "error.no_membership": (
        "Die Person ist derzeit kein Mitglied dieser Organisation.",
        "The person is no current member of this organisation.",
    ),
    "error.contact_not_member": (
        "Die Ansprechperson muss derzeit Mitglied der zuständigen Organisation sein; diese Person ist "
        "es nicht.",
        "The contact person must be a current member of the responsible organisation; this person is not.",
    ),
    "error.substitute_not_member": (
        "Die Vertretung muss derzeit Mitglied der zuständigen Organisation sein; diese Person ist es nicht.",
        "The substitute must be a current member of the responsible organisation; this person is not.",
    ),
    "error.person_in_another_network": (
        "Diese Person gehört auch zu einem Netzwerk, das Sie nicht koordinieren. Löschen kann sie "
        "nur die Administration.",
        "This person also belongs to a network you do not coordinate. Only an admin can erase them.",
    ),
    "error.organisation_in_another_network": (
        "Diese Organisation gehört auch zu einem Netzwerk, das Sie nicht koordinieren. Archivieren "
        "kann sie nur die Administration.",
        "This organisation also belongs to a network you do not coordinate. Only an admin can archive it.",
    ),
    "error.unknown": ("Diesen Eintrag gibt es nicht.", "There is no such entry."),
    "error.unknown_contact": ("Diese Person ist nicht bekannt.", "This person is not known."),
    "error.unknown_mail": ("Diese E-Mail gibt es nicht (mehr).", "There is no such e-mail (any more)."),
    "error.unknown_token": (
        "Dieser Link ist nicht (mehr) gültig.",
        "This link is not valid (any more).",
    ),
    "error.not_configured": (
        "Hierfür ist nichts eingerichtet (kein lokaler Mail-Ordner).",
        "Nothing is set up for this (no local mail folder).",
    ),
    "error.invalid_base64": (
        "Die Datei konnte nicht gelesen werden.",
        "The file could not be read.",
    ),
    "error.invalid_deadline": (
        "Die Frist der Anfrage ist keine Zahl von Sekunden.",
        "The request's deadline is no number of seconds.",
    ),
    "error.too_large": ("Die Anfrage ist zu groß.", "The request is too large."),
    "error.ranked_twice": (
        "Dieser Workshop ist schon bei einer früheren Wahl eingetragen.",
        "This workshop is already given as an earlier choice.",
    ),
    "error.giver_in_two_sessions": (
        "Diese Person gibt zur selben Zeit zwei Sessions.",
        "This person gives two sessions at the same time.",
    ),
    "error.region_or_network": (
        "Entweder eine Region oder ein Netzwerk angeben.",
        "Give either a region or a network.",
    ),
    "error.invalid_email": (
        "Bitte eine gültige E-Mail-Adresse eingeben.",
        "Please enter a valid e-mail address.",
    ),
    "error.email_not_ascii": (
        "Umlaute und ß vor dem @ kann nicht jeder Mailserver zustellen. Bitte die Adresse ohne sie "
        "schreiben, wie sie der Mailserver der Person kennt (z. B. juergen.groessler@…).",
        "Letters such as ä, ö, ü or ß before the @ cannot be delivered by every mail server. Please "
        "write the address without them, as the person's mail server knows it.",
    ),
    "error.invalid_phone": (
        "Bitte eine Telefonnummer mit Vorwahl eingeben, z. B. 0345 1234567.",
        "Please enter a phone number with its area code, e.g. +49 345 1234567.",
    ),
    "error.ambiguous_phone": (
        "Diese Telefonnummer ist nicht eindeutig: Bitte mit +49 … oder mit 0 und Vorwahl schreiben.",
        "This phone number is ambiguous: please write it with +49 … or with 0 and the area code.",
    ),
    "error.invalid_postal_code": (
        "Bitte eine fünfstellige Postleitzahl eingeben.",
        "Please enter a five-digit postcode.",
    ),
    "error.invalid_period": ("Das Ende muss nach dem Beginn liegen.", "The end must be after the start."),
    "error.invalid_value": ("Diese Angabe ist nicht zulässig.", "This entry is not valid."),
    "error.unknown_type": (
        "Bitte eine Organisationsart aus der Liste wählen.",
        "Please choose an organisation type from the list.",
    ),
    "error.unknown_region_keys": ("Diesen Kreis kennen wir nicht.", "This district is unknown."),
    "error.unknown_network": ("Dieses Netzwerk gibt es nicht.", "There is no such network."),
    "error.unknown_organisation": ("Diese Organisation gibt es nicht.", "There is no such organisation."),
    "error.unknown_topic": ("Dieses Thema gibt es nicht.", "There is no such topic."),
    "error.topic_name_taken": (
        "Ein Thema namens „{name}“ gibt es schon (auch in anderer Groß- und Kleinschreibung). "
        "Bitte wählen Sie es in der Liste oder nennen Sie das neue Thema anders.",
        "A topic named “{name}” exists already (perhaps written in another case). "
        "Please choose it from the list or name the new topic differently.",
    ),
    "error.unknown_paper": (
        "Dieses Schnittstellenpapier gibt es nicht.",
        "There is no such interface paper.",
    ),
    "error.archived_organisation": (
        "Diese Organisation ist archiviert; niemand kann ihr mehr beitreten.",
        "This organisation is archived; nobody can join it any more.",
    ),
    "error.archived_owner": (
        "Diese Organisation ist archiviert und kann keine Vereinbarung übernehmen.",
        "This organisation is archived and cannot take over an agreement.",
    ),
    "error.archived_organisation_joining": (
        "Diese Organisation ist archiviert und kann nicht in das Netzwerk aufgenommen werden.",
        "This organisation is archived and cannot join the network.",
    ),
    "error.duplicate_sub_project": (
        "Dieses Teilprojekt hat das Netzwerk schon: gleicher Name, und die Förderzeiträume überschneiden "
        "sich.",
        "The network has this sub-project already: the same name, and the funding periods overlap.",
    ),
    "error.cycle": ("Das ergäbe einen Kreis von Zuordnungen.", "That would make a cycle."),
    "error.missing_institution_type": (
        "Für diese Art von Regelinstitution ist niemand erfasst.",
        "No institution of this statutory type is listed.",
    ),
    "error.choose_own_network": (
        "Bitte eines Ihrer Netzwerke wählen.",
        "Please choose one of your networks.",
    ),
    "error.not_series_network": (
        "Eine Ausgabe gehört zum Netzwerk ihrer Reihe.",
        "An edition belongs to the network of its series.",
    ),
    "error.validation_error": ("Bitte prüfen Sie die Eingaben.", "Please check your input."),
    "error.rule_violation": ("Das ist so nicht möglich.", "This is not possible."),
    "error.conflict": (
        "Jemand anderes hat das inzwischen geändert. Bitte laden Sie die Seite neu.",
        "Someone else has changed this in the meantime. Please reload the page.",
    ),
    "error.unavailable": (
        "Der zuständige Dienst antwortet gerade nicht.",
        "The responsible service does not answer right now.",
    ),
    "error.internal_error": ("Etwas ist schiefgegangen.", "Something went wrong."),
    "districts.unknown": ("Diese Kreise kennen wir nicht:", "These districts are unknown:"),
    "districts.hint": (
        "Kreise oder kreisfreie Städte mit Namen, durch Komma getrennt, z. B. Leipzig, Nordsachsen",
        "Districts or cities by name, separated by commas, e.g. Leipzig, Nordsachsen",
    ),
}
CATALOGUE |= ERRORS


# -- Group work: the quality of a plan in sentences, and the planners' notices (own block) -------------
# Placeholders in braces are filled by ``gateway_service.web.groupwork_quality``.
GROUPWORK_QUALITY_TEXTS: dict[str, tuple[str, str]] = {
    "groupwork.quality.nobody_meets_twice": (
        "Alle {people} Personen treffen sich höchstens einmal.",
        "All {people} people meet each other at most once.",
    ),
    "groupwork.quality.repeats_at_bound": (
        "{repeats} Begegnungen wiederholen sich; weniger sind bei dieser Größe nicht möglich.",
        "{repeats} encounters repeat; fewer are not possible at this size.",
    ),
    "groupwork.quality.repeats_above_bound": (
        "{repeats} Begegnungen wiederholen sich; rechnerisch unvermeidbar sind {bound}.",
        "{repeats} encounters repeat; {bound} are unavoidable by counting.",
    ),
    "groupwork.quality.no_revisits": (
        "Niemand sitzt zweimal am selben Tisch.",
        "Nobody sits at the same table twice.",
    ),
    "groupwork.quality.revisits_at_bound": (
        "Bei mehr Runden als Tischen kommt man an Tische zurück: {revisits} Mal, so selten wie möglich.",
        "With more rounds than tables people return to tables: {revisits} times, as rarely as possible.",
    ),
    "groupwork.quality.revisits_above_bound": (
        "{revisits} Mal sitzt jemand erneut am selben Tisch; unvermeidbar sind {bound}.",
        "{revisits} times someone sits at a table again; {bound} are unavoidable.",
    ),
    "groupwork.quality.mix": (
        "An keinem Tisch kommen mehr als {district} % aus demselben Kreis und mehr als {kind} % aus "
        "derselben Art von Einrichtung.",
        "At no table are more than {district}% from the same district or more than {kind}% from the same "
        "kind of institution.",
    ),
    "groupwork.quality.sizes_even": (
        "Die Tische sind in jeder Runde gleich groß oder unterscheiden sich um eine Person.",
        "In every round the tables are of equal size or differ by one person.",
    ),
    "groupwork.quality.no_repeated_pairs": (
        "Niemand trifft dieselbe Person zweimal.",
        "Nobody meets the same person twice.",
    ),
    "groupwork.quality.repeated_pairs": (
        "{repeats} Paare treffen sich erneut; ohne Wiederholung gehen höchstens {limit} Runden.",
        "{repeats} pairs meet again; at most {limit} rounds are possible without repeats.",
    ),
    "groupwork.quality.no_byes": (
        "Niemand setzt eine Runde aus.",
        "Nobody sits out a round.",
    ),
    "groupwork.quality.byes": (
        "Jede Person setzt {least} bis {most} Mal aus.",
        "Everyone sits out {least} to {most} times.",
    ),
    "groupwork.quality.openings": (
        "Niemand spricht in mehr als {most} der {rounds} Runden als Erste*r der Gruppe.",
        "Nobody speaks first in their group in more than {most} of the {rounds} rounds.",
    ),
    "groupwork.quality.openings_above_bound": (
        "Wer am häufigsten beginnt, spricht in {most} der {rounds} Runden als Erste*r der Gruppe; "
        "gleichmäßig verteilt wären es höchstens {bound}.",
        "Whoever opens most often speaks first in their group in {most} of the {rounds} rounds; spread "
        "evenly it would be at most {bound}.",
    ),
    "groupwork.quality.first_choice": (
        "{first} % bekommen ihren ersten Wunsch, {top} % einen ihrer drei ersten.",
        "{first}% get their first choice, {top}% one of their first three.",
    ),
    "groupwork.quality.unassigned": (
        "{count} Personen haben keinen Platz.",
        "{count} people have no place.",
    ),
    "groupwork.quality.unassigned_one": (
        "1 Person hat keinen Platz.",
        "1 person has no place.",
    ),
    "groupwork.quality.no_giver_clash": (
        "Niemand gibt zwei Sessions zur selben Zeit.",
        "Nobody gives two sessions at the same time.",
    ),
    "groupwork.quality.no_voter_clash": (
        "Jede Person kann alle Sessions besuchen, für die sie gestimmt hat.",
        "Everyone can attend every session they voted for.",
    ),
    "groupwork.quality.voter_clash": (
        "{count} gewünschte Sessionbesuche fallen weg, weil zwei gewünschte Sessions gleichzeitig laufen.",
        "{count} wanted session visits are lost because two wanted sessions run at the same time.",
    ),
    "groupwork.quality.voter_clash_one": (
        "1 gewünschter Sessionbesuch fällt weg, weil zwei gewünschte Sessions gleichzeitig laufen.",
        "1 wanted session visit is lost because two wanted sessions run at the same time.",
    ),
    "groupwork.quality.overflow": (
        "In zu kleinen Räumen fehlen insgesamt {count} Plätze.",
        "Rooms that are too small lack {count} seats in all.",
    ),
    "groupwork.quality.overflow_one": (
        "In zu kleinen Räumen fehlt insgesamt 1 Platz.",
        "Rooms that are too small lack 1 seat in all.",
    ),
    "groupwork.quality.unplaced": (
        "{count} Sessions haben keinen Platz im Raster.",
        "{count} sessions have no place in the grid.",
    ),
    "groupwork.quality.unplaced_one": (
        "1 Session hat keinen Platz im Raster.",
        "1 session has no place in the grid.",
    ),
    "groupwork.notice.no_participants": (
        "Es gibt niemanden zum Einteilen: keine bestätigten oder anwesenden Teilnehmenden außer den "
        "Gastgebenden.",
        "There is nobody to seat: no confirmed or checked-in participants apart from the hosts.",
    ),
    "groupwork.notice.tables_left_empty": (
        "Es gibt weniger Teilnehmende als Tische; einige Tische bleiben nur mit ihren Gastgebenden besetzt.",
        "There are fewer participants than tables; some tables keep only their hosts.",
    ),
    "groupwork.notice.rounds_exceed_tables": (
        "Es gibt mehr Runden als Tische: Jede Person sitzt an einem Tisch mehr als einmal, so gleichmäßig "
        "verteilt wie möglich.",
        "There are more rounds than tables: everyone sits at some table more than once, spread as evenly "
        "as possible.",
    ),
    "groupwork.notice.rounds_force_repeated_encounters": (
        "So viele Runden erzwingen wiederholte Begegnungen; der Plan hält sie so selten wie möglich.",
        "This many rounds force repeated encounters; the plan keeps them as rare as it can.",
    ),
    "groupwork.notice.repeats_above_bound": (
        "Der Plan hat mehr wiederholte Begegnungen als die rechnerische Untergrenze (die nicht immer "
        "erreichbar ist).",
        "The plan has more repeated encounters than the lower bound (which is not always reachable).",
    ),
    "groupwork.notice.participants_moved": (
        "Um die Tische ausgeglichen zu halten, wurden auch bereits eingeteilte Personen umgesetzt.",
        "To keep the tables balanced, some people already seated were moved too.",
    ),
    "groupwork.notice.too_few_participants": (
        "Für Speed Consultations braucht es mindestens zwei Personen.",
        "Speed consultations need at least two people.",
    ),
    "groupwork.notice.rounds_force_repeated_pairs": (
        "So viele Runden erzwingen, dass sich Paare wiederholen; die Wiederholungen sind auf alle verteilt.",
        "This many rounds force repeated pairs; the repeats are spread over everyone.",
    ),
    "groupwork.notice.replanned_in_full": (
        "Die Speed Consultations wurden für die geänderten Teilnehmenden neu geplant.",
        "The speed consultations were planned anew for the changed participants.",
    ),
    "groupwork.notice.pin_released": (
        "Eine Festlegung widersprach einer anderen (gleiche Person oder gleicher Raum zur selben Zeit) und "
        "wurde aufgehoben; die Session liegt nun dort, wo sie am besten passt.",
        "A fixed placement contradicted another (same person or room at the same time) and was released; "
        "the session is now where it fits best.",
    ),
    "groupwork.notice.too_many_sessions": (
        "Es gibt mehr Sessions als Plätze im Raster; die mit den wenigsten Stimmen bleiben ohne Platz.",
        "There are more sessions than places in the grid; those with the fewest votes stay unplaced.",
    ),
    "groupwork.notice.giver_has_more_sessions_than_slots": (
        "Eine Person gibt mehr Sessions, als es Zeitfenster gibt, und kann nicht an zwei Orten zugleich "
        "sein; ihre Session mit den wenigsten Stimmen bleibt ohne Platz.",
        "Someone gives more sessions than there are slots and cannot be in two places at once; their "
        "session with the fewest votes stays unplaced.",
    ),
    "groupwork.notice.giver_slots_exhausted": (
        "Für eine Session bleibt kein Zeitfenster, in dem ihre Gebenden nicht schon eine andere Session "
        "geben; sie bleibt ohne Platz.",
        "No slot is left for a session in which its givers do not already give another one; it stays "
        "unplaced.",
    ),
    "groupwork.notice.rooms_too_small": (
        "Einige Sessions haben mehr Stimmen als ihr Raum Plätze.",
        "Some sessions have more votes than their room has seats.",
    ),
    "groupwork.notice.capacity_below_participants": (
        "Die Workshops haben zusammen weniger Plätze als Teilnehmende.",
        "The workshops have fewer places in all than there are participants.",
    ),
    "groupwork.notice.ranked_workshops_full": (
        "Einige Personen bekommen keinen ihrer gewählten Workshops, weil diese voll sind.",
        "Some people get none of the workshops they ranked because those are full.",
    ),
    "groupwork.notice.concerns_people": ("Betrifft: {names}.", "Concerns: {names}."),
    "groupwork.notice.concerns_sessions": ("Sessions: {titles}.", "Sessions: {titles}."),
    "groupwork.notice.unnamed_people": ("{count} weitere Person(en)", "{count} more person(s)"),
    "groupwork.notice.unnamed_sessions": ("{count} Session(s) ohne Titel", "{count} untitled session(s)"),
    "groupwork.notice.other": (
        "Der Plan konnte nicht alles wie gewünscht umsetzen.",
        "The plan could not do everything as asked.",
    ),
}
CATALOGUE.update(GROUPWORK_QUALITY_TEXTS)


# -- Group work in the room: the moderation view (own block) ------------------------------------------
GROUPWORK_MODERATION_TEXTS: dict[str, tuple[str, str]] = {
    "groupwork.moderation.title": ("Moderation", "Moderation"),
    "groupwork.moderation.open": ("Moderationsansicht öffnen", "Open the moderation view"),
    "groupwork.moderation.round_of": ("Runde {number} von {count}", "Round {number} of {count}"),
    "groupwork.moderation.slot_of": ("Zeitfenster {number} von {count}", "Slot {number} of {count}"),
    "groupwork.moderation.not_started": ("Noch nicht gestartet", "Not started yet"),
    "groupwork.moderation.running": ("Läuft", "Running"),
    "groupwork.moderation.paused": ("Pausiert", "Paused"),
    "groupwork.moderation.finished": ("Beendet", "Finished"),
    "groupwork.moderation.speaker_time": ("Redezeit", "Speaking time"),
    "groupwork.moderation.round_time": ("Rundenzeit", "Round time"),
    "groupwork.moderation.time_up": ("Wechsel!", "Switch!"),
    "groupwork.moderation.speaks_now": ("Es spricht", "Speaking"),
    "groupwork.moderation.place": ("Platz {number}", "Place {number}"),
    "groupwork.moderation.sits_out": ("Setzt aus", "Sits out"),
    "groupwork.moderation.hosts": ("Gastgebende", "Hosts"),
    "groupwork.moderation.start": ("Starten", "Start"),
    "groupwork.moderation.pause": ("Pause", "Pause"),
    "groupwork.moderation.resume": ("Weiter", "Resume"),
    "groupwork.moderation.next": ("Nächste Runde", "Next round"),
    "groupwork.moderation.skip": ("Runde überspringen", "Skip round"),
    "groupwork.moderation.repeat": ("Runde wiederholen", "Repeat round"),
    "groupwork.moderation.finish": ("Beenden", "Finish"),
    "groupwork.moderation.speaking_seconds": ("Sekunden pro Person", "Seconds per speaker"),
    "groupwork.moderation.round_minutes": ("Minuten pro Runde", "Minutes per round"),
    "groupwork.moderation.no_show": ("Nicht erschienen", "Did not come"),
    "groupwork.moderation.arrived": ("Später gekommen", "Arrived late"),
    "groupwork.moderation.absent": ("Nicht da", "Not here"),
    "groupwork.moderation.after_changes": ("Der Plan jetzt", "The plan now"),
    "groupwork.moderation.board": ("Sessionplan", "Session board"),
}
CATALOGUE.update(GROUPWORK_MODERATION_TEXTS)

# -- District maps on the event and series pages (web/district_map.py) -------------------------------
DISTRICT_MAP_TEXTS: dict[str, tuple[str, str]] = {
    "districtmap.title_event": (
        "Karte: vertretene Kreise und Städte bei dieser Veranstaltung",
        "Map: districts represented at this event",
    ),
    "districtmap.title_series": (
        "Karte: vertretene Kreise und Städte über alle Ausgaben der Reihe",
        "Map: districts represented across the series' editions",
    ),
    "districtmap.represented": ("vertreten", "represented"),
    "districtmap.guest": ("vertreten, nicht im Netzwerk", "represented, outside the network"),
    "districtmap.missing": ("nicht vertreten", "not represented"),
    "districtmap.outside": ("nicht im Netzwerk", "outside the network"),
    "districtmap.host_event": ("Gastgeber", "Host"),
    "districtmap.host_series": ("nächster Gastgeber", "next host"),
    "districtmap.without_outline": ("Ohne Kartenumriss", "Without an outline on the map"),
    "districtmap.district": ("Kreis oder Stadt", "District"),
    "districtmap.table": ("Kreise und Städte der Karte", "Districts on the map"),
    "districtmap.source": (
        "Kartengrundlage: © GeoBasis-DE / BKG 2017 (Daten verändert)",
        "Base map: © GeoBasis-DE / BKG 2017 (data changed)",
    ),
    "districtmap.basis_event": (
        "Vertreten heißt: mindestens eine Person aus einer Organisation des Kreises war anwesend.",
        "Represented means: at least one person from an organisation of the district attended.",
    ),
    "districtmap.basis_series": (
        "Vertreten heißt: mindestens eine Person aus einer Organisation des Kreises war bei einer "
        "Ausgabe der Reihe anwesend.",
        "Represented means: at least one person from an organisation of the district attended an "
        "edition of the series.",
    ),
}
CATALOGUE.update(DISTRICT_MAP_TEXTS)

# -- The right of access as a page to print (web/personal_data_pages.py, personal_data.html) --------
PERSONAL_DATA_TEXTS: dict[str, tuple[str, str]] = {
    "registry.personal_data_page": (
        "Auskunft nach Art. 15 DSGVO (zum Ausdrucken)",
        "Right of access (Art. 15 GDPR, to print)",
    ),
    "access.in_english": ("This document in English", "This document in English"),
    "access.in_german": ("Diese Auskunft auf Deutsch", "Diese Auskunft auf Deutsch"),
    "access.title": ("Auskunft nach Art. 15 DSGVO", "Right of access (Art. 15 GDPR)"),
    "access.about": ("Auskunft über die gespeicherten Daten von", "Information on the data held about"),
    "access.as_of": ("Stand", "As of"),
    "access.intro": (
        "Diese Auskunft enthält alle Angaben, die Netzwerkstatt über Sie gespeichert hat: im Register, "
        "bei Veranstaltungen, im Feedback und bei den Benachrichtigungen. Am Ende stehen die Zwecke, die "
        "Empfänger, die Speicherdauer, was eine Löschung bewirken würde, und Ihre Rechte.",
        "This document holds everything Netzwerkstatt has stored about you: in the registry, at events, "
        "in feedback and in notifications. At its end you find the purposes, the recipients, how long "
        "the data is kept, what an erasure would do, and your rights.",
    ),
    "access.print_hint": (
        "Zum Ausdrucken oder Speichern als PDF die Druckfunktion des Browsers verwenden (Strg+P).",
        "To print it or save it as a PDF, use the browser's print function (Ctrl+P).",
    ),
    "access.back": ("Zurück zur Person", "Back to the person"),
    "access.contents": ("Inhalt", "Contents"),
    "access.nothing": ("Dazu ist nichts gespeichert.", "Nothing is stored on this."),
    # The areas, as the headings and the erasure reach name them
    "access.area": ("Bereich", "Area"),
    "access.area_registry": ("Stammdaten und Zuständigkeiten", "Personal details and responsibilities"),
    "access.area_events": ("Veranstaltungen und Anmeldungen", "Events and registrations"),
    "access.area_feedback": ("Feedback", "Feedback"),
    "access.area_notifications": ("Benachrichtigungen und E-Mails", "Notifications and e-mails"),
    "access.area_gateway": ("Bedienoberfläche", "Staff interface"),
    # Registry
    "access.details": ("Angaben zur Person", "Personal details"),
    "access.created_at": ("Angelegt am", "Created on"),
    "access.updated_at": ("Zuletzt geändert am", "Last changed on"),
    "access.given_on": ("erteilt am {date}", "given on {date}"),
    "access.since": ("seit {date}", "since {date}"),
    "access.role": ("Rolle", "Role"),
    "access.papers": (
        "Ausgestellte Schnittstellenpapiere, in denen Sie genannt sind",
        "Issued interface papers that name you",
    ),
    "access.paper_version": ("Fassung", "Version"),
    "access.issued_at": ("Ausgestellt am", "Issued on"),
    # Events
    "access.event_copy": (
        "Kopie Ihrer Angaben für Einladungen und Teilnahmelisten",
        "Copy of your details for invitations and participant lists",
    ),
    "access.name": ("Name", "Name"),
    "access.email": ("E-Mail-Adresse", "E-mail address"),
    "access.event_consent": (
        "Einwilligung in Einladungen zu Netzwerkveranstaltungen",
        "Consent to invitations to network events",
    ),
    "access.event": ("Veranstaltung", "Event"),
    "access.invitations": ("Einladungen", "Invitations"),
    "access.invited_at": ("Eingeladen am", "Invited on"),
    "access.answer": ("Antwort", "Answer"),
    "access.registrations": ("Anmeldungen", "Registrations"),
    "access.as_substitute": ("Als Vertretung angemeldet", "Registered as a substitute"),
    "access.attendance": ("Anwesenheit", "Attendance"),
    "access.agreements": (
        "Vereinbarungen, für die Sie verantwortlich sind",
        "Agreements you are responsible for",
    ),
    "access.agreement": ("Vereinbarung", "Agreement"),
    "access.due_on": ("Fällig am", "Due on"),
    "access.speaking": ("Programmpunkte", "Agenda items"),
    "access.speaking_count": (
        "Sie sind in {count} Programmpunkten als Referentin oder Referent genannt.",
        "You are named as a speaker in {count} agenda items.",
    ),
    "access.speaking_one": (
        "Sie sind in einem Programmpunkt als Referentin oder Referent genannt.",
        "You are named as a speaker in one agenda item.",
    ),
    # Feedback
    "access.answers_anonymous": (
        "Antworten auf Umfragen werden nie mit einer Person verknüpft: Ob und was Sie geantwortet haben, "
        "ist über niemanden gespeichert und kann daher nicht Teil dieser Auskunft sein.",
        "Answers to surveys are never linked to a person: whether and what you answered is stored "
        "against nobody, so it cannot be part of this document.",
    ),
    "access.open_surveys": (
        "Offene Umfragen, zu denen Sie eingeladen sind",
        "Open surveys you are invited to",
    ),
    "access.survey": ("Umfrage", "Survey"),
    "access.pending_links": (
        "Umfrage-Links, die Ihnen noch geschickt werden",
        "Survey links still to be sent to you",
    ),
    "access.pending_survey": ("eine Umfrage", "a survey"),
    # Notifications
    "access.contact": (
        "Kopie Ihrer Angaben für E-Mails",
        "Copy of your details for e-mails",
    ),
    "access.opted_out": ("Optionale E-Mails abbestellt", "Optional e-mails unsubscribed"),
    "access.opted_out_on": ("ja, am {date}", "yes, on {date}"),
    "access.messages": ("E-Mails an Sie", "E-mails to you"),
    "access.message_kind": ("Art", "Kind"),
    "access.sent_at": ("Versandt am", "Sent on"),
    "access.kept_for_reminders": (
        "Für Erinnerungen und Änderungsmitteilungen gespeichert",
        "Kept for reminders and notices of changes",
    ),
    "access.kept_registrations": ("Anmeldungen", "Registrations"),
    "access.kept_invitations": ("Einladungen", "Invitations"),
    # The Art. 15 elements in words
    "access.purposes": ("Zwecke der Verarbeitung", "Purposes of the processing"),
    "access.purpose_registry": (
        "Register: damit die Koordinierungsstelle weiß, wer in welcher Organisation für welches Thema "
        "und welche Region zuständig ist, und dies im Schnittstellenpapier des Netzwerks zeigen kann.",
        "Registry: so that the coordinating office knows who in which organisation is responsible for "
        "which topic and region, and can show it in the network's interface paper.",
    ),
    "access.purpose_events": (
        "Veranstaltungen: um Sie einzuladen, Ihre Anmeldung zu führen, Teilnahmelisten zu erstellen und "
        "die Anwesenheit festzuhalten.",
        "Events: to invite you, keep your registration, produce participant lists and record attendance.",
    ),
    "access.purpose_notifications": (
        "Benachrichtigungen: um Ihnen Einladungen, Bestätigungen, Erinnerungen und Änderungen per E-Mail "
        "zu schicken und nachzuweisen, was versandt wurde.",
        "Notifications: to send you invitations, confirmations, reminders and changes by e-mail and to "
        "show what was sent.",
    ),
    "access.purpose_feedback": (
        "Feedback: um Ihnen nach einer Veranstaltung einmal einen Link zur anonymen Umfrage zu schicken.",
        "Feedback: to send you a link to the anonymous survey once after an event.",
    ),
    "access.recipients": ("Empfänger", "Recipients"),
    "access.recipients_text": (
        "Ihre Angaben sehen die angemeldeten Mitarbeitenden der Koordinierungsstellen, die Netzwerkstatt "
        "nutzen. E-Mails an Sie gehen über den Mailserver der Koordinierungsstelle. Ausgestellte "
        "Schnittstellenpapiere nennen Ihren Namen und Ihre Funktion und werden an die Partner des "
        "Netzwerks weitergegeben; Ihre E-Mail-Adresse und Telefonnummer stehen darin nur mit Ihrer "
        "Einwilligung.",
        "Your details are seen by the signed-in staff of the coordinating offices that use "
        "Netzwerkstatt. E-mails to you go through the coordinating office's mail server. Issued "
        "interface papers name you and your function and are passed to the network's partners; your "
        "e-mail address and phone number appear in them only with your consent.",
    ),
    "access.storage": ("Speicherdauer", "How long the data is kept"),
    "access.storage_text": (
        "Ihre Angaben bleiben gespeichert, bis sie gelöscht werden. Eine beendete Mitgliedschaft bleibt "
        "mit ihrem Zeitraum sichtbar. Einladungen zu Umfragen gelten nur, solange die Umfrage offen ist.",
        "Your details are kept until they are erased. A membership that ended stays visible with its "
        "period. Invitations to surveys last only while the survey is open.",
    ),
    "access.source": ("Herkunft der Daten", "Where the data comes from"),
    "access.source_text": (
        "Die Angaben hat die Koordinierungsstelle eingetragen oder Sie selbst über die persönlichen Links "
        "in den E-Mails gegeben (Zu- und Absagen, Abbestellungen).",
        "The details were entered by the coordinating office or given by you through the personal links "
        "in the e-mails (acceptances, cancellations, unsubscribing).",
    ),
    "access.erasure": ("Was eine Löschung bewirken würde", "What an erasure would do"),
    "access.erasure_text": (
        "Werden Ihre Angaben gelöscht, geschieht mit den gespeicherten Daten Folgendes. Festgehalten wird "
        "nur, dass und wann gelöscht wurde, damit nichts zurückkommt.",
        "If your details are erased, this is what happens to the stored data. Only that and when the "
        "erasure took place is recorded, so that nothing comes back.",
    ),
    "access.what": ("Daten", "Data"),
    "access.on_erasure": ("Bei Löschung", "On erasure"),
    "access.data_person": (
        "Angaben zur Person (Name, E-Mail-Adressen, Telefon, Notizen)",
        "Personal details (name, e-mail addresses, phone, notes)",
    ),
    "access.data_memberships_consents_responsibilities": (
        "Mitgliedschaften, Einwilligungen und Zuständigkeiten",
        "Memberships, consents and responsibilities",
    ),
    "access.data_interface_papers": (
        "Ausgestellte Schnittstellenpapiere, die Sie nennen",
        "Issued interface papers naming you",
    ),
    "access.data_person_copy": (
        "Kopie von Name, E-Mail-Adresse, Sprache, Einwilligung und Mitgliedschaften",
        "Copy of name, e-mail address, language, consent and memberships",
    ),
    "access.data_invitations": ("Einladungen", "Invitations"),
    "access.data_registrations": (
        "Anmeldungen (Status, neu dabei, entscheidungsbefugt)",
        "Registrations (status, newcomer, decision-maker)",
    ),
    "access.data_attendance": ("Anwesenheit je Veranstaltungstag", "Attendance per event day"),
    "access.data_agenda_speakers": (
        "Programmpunkte, die Sie als Referentin oder Referent nennen",
        "Agenda items naming you as a speaker",
    ),
    "access.data_contact": (
        "Kontakt (Name, E-Mail-Adresse, Sprache, Abbestellung)",
        "Contact (name, e-mail address, language, unsubscribing)",
    ),
    "access.data_registrations_invitations": (
        "Für Erinnerungen gespeicherte Anmeldungen und Einladungen",
        "Registrations and invitations kept for reminders",
    ),
    "access.data_deliveries": ("Protokoll der E-Mails an Sie", "Log of the e-mails to you"),
    "access.data_invitee_marks_pending_links": (
        "Einladungen zu offenen Umfragen und noch nicht versandte Umfrage-Links",
        "Invitations to open surveys and survey links not yet sent",
    ),
    "access.data_answers": ("Antworten auf Umfragen", "Answers to surveys"),
    "access.data_answers_kept_for_retries": (
        "Für Wiederholungen zehn Minuten verschlüsselt aufbewahrte Antworten, die Sie betreffen",
        "Answers concerning you, kept sealed for ten minutes for retries",
    ),
    "access.outcome_deleted": ("wird gelöscht", "deleted"),
    "access.outcome_anonymised": (
        "wird anonymisiert: bleibt ohne Bezug zu Ihnen",
        "anonymised: stays without a link to you",
    ),
    "access.outcome_scrubbed": (
        "wird bereinigt: Art, Status und Zeitpunkte bleiben, Adresse, Betreff und Inhalt werden gelöscht",
        "scrubbed: kind, status and times stay, address, subject and contents are deleted",
    ),
    "access.outcome_kept_without_person": (
        "bleibt ohne Bezug zu Ihnen erhalten (für Teilnahmezahlen)",
        "kept without a link to you (for attendance figures)",
    ),
    "access.outcome_not_linked_to_person": (
        "ist nie mit Ihnen verknüpft und bleibt anonym",
        "never linked to you; stays anonymous",
    ),
    "access.rights": ("Ihre Rechte", "Your rights"),
    "access.right_rectification": (
        "Berichtigung (Art. 16 DSGVO): Sind Angaben falsch oder unvollständig, wird das auf Ihren Hinweis "
        "korrigiert.",
        "Rectification (Art. 16 GDPR): details that are wrong or incomplete are corrected when you say so.",
    ),
    "access.right_erasure": (
        "Löschung (Art. 17 DSGVO): Sie können verlangen, dass Ihre Angaben gelöscht werden; was das "
        "bewirkt, steht oben.",
        "Erasure (Art. 17 GDPR): you may ask for your details to be erased; what that does is shown above.",
    ),
    "access.right_restriction": (
        "Einschränkung der Verarbeitung (Art. 18 DSGVO) und Widerspruch (Art. 21 DSGVO).",
        "Restriction of processing (Art. 18 GDPR) and objection (Art. 21 GDPR).",
    ),
    "access.right_consent": (
        "Widerruf einer Einwilligung (Art. 7 Abs. 3 DSGVO) jederzeit für die Zukunft; optionale E-Mails "
        "lassen sich auch über den Link in jeder solchen E-Mail abbestellen.",
        "Withdrawal of a consent (Art. 7(3) GDPR) at any time for the future; optional e-mails can also "
        "be unsubscribed through the link in each of them.",
    ),
    "access.right_complaint": (
        "Beschwerde bei einer Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO), etwa der Ihres Bundeslandes.",
        "Complaint to a data protection supervisory authority (Art. 77 GDPR), such as that of your state.",
    ),
    "access.rights_contact": (
        "Wenden Sie sich dafür an die Koordinierungsstelle, die Ihnen diese Auskunft gegeben hat.",
        "For any of these, contact the coordinating office that gave you this document.",
    ),
}
CATALOGUE.update(PERSONAL_DATA_TEXTS)


def translate(key: str, language: Language) -> str:
    german, english = CATALOGUE[key]
    return english if language == "en" else german


def translator(language: Language) -> Callable[[str], str]:
    def t(key: str) -> str:
        return translate(key, language)

    return t


def term(kind: str, code: object, language: Language, fallback: str | None = None) -> str:
    """The words for a domain code (``term("organisation_type", "bamf", "de")``). A code the catalogue
    does not know (a topic staff defined, with its own label) shows ``fallback``, else the code
    itself, so a missing entry is visible (the page tests look for codes in visible text)."""
    if code is None or code == "":
        return "–"
    entry = CATALOGUE.get(f"{kind}.{code}")
    if entry is None:
        return fallback or str(code)
    return entry[1] if language == "en" else entry[0]


def choices(kind: str, language: Language) -> list[tuple[str, str]]:
    """Every code of a kind with its words, sorted by the words ("other" last), for a select."""
    prefix = f"{kind}."
    found = [
        (key.removeprefix(prefix), (english if language == "en" else german))
        for key, (german, english) in CATALOGUE.items()
        if key.startswith(prefix)
    ]
    return sorted(found, key=lambda pair: (pair[0] == "other", pair[1].casefold()))


def language_from(value: str | None) -> Language:
    return "en" if value == "en" else DEFAULT_LANGUAGE
