"""The AP form's answer lists, keyed by stable English ids, with the form's Dutch wording.

Keys are what the command line accepts and what the store keeps; labels are what letters print.
The AP reorders its form from time to time, so nothing here depends on question numbers.
Besides the keys, a list accepts `other:free text` for what the form answers with "Anders".
"""

from __future__ import annotations

import unicodedata

from breach.errors import InvalidInput

LANGUAGES = ("nl", "en")  # of letters, drafts and reminders: the profile's language, Dutch by default

BREACH_TYPES = {
    "confidentiality": ("Persoonsgegevens (mogelijk) ingezien door onbevoegden", "Personal data (possibly) seen by unauthorised persons"),
    "integrity": ("Persoonsgegevens ongeoorloofd of onopzettelijk gewijzigd", "Personal data changed without authorisation or by accident"),
    "availability-permanent": ("Persoonsgegevens permanent niet beschikbaar (verloren of verwijderd)", "Personal data permanently unavailable (lost or deleted)"),
    "availability-temporary": ("Persoonsgegevens tijdelijk niet beschikbaar", "Personal data temporarily unavailable"),
}

DATA_CATEGORIES = {
    "name": ("Naam", "Name"),
    "gender": ("Geslacht", "Gender"),
    "birthdate": ("Geboortedatum en/of leeftijd", "Date of birth and/or age"),
    "bsn": ("Burgerservicenummer (BSN)", "Citizen service number (BSN)"),
    "contact": ("Contactgegevens", "Contact details"),
    "address": ("Adres en woonplaats", "Address and place of residence"),
    "email": ("E-mailadres", "E-mail address"),
    "phone": ("Telefoonnummer", "Telephone number"),
    "credentials": ("Toegangs- of identificatiegegevens (bijv. inlognaam, wachtwoord, klantnummer)", "Access or identification data (e.g. user name, password, customer number)"),
    "financial": ("Financiële gegevens", "Financial data"),
    "iban": ("Bankrekeningnummer / IBAN", "Bank account number / IBAN"),
    "creditcard": ("Creditcardgegevens", "Credit card data"),
    "debts": ("Gegevens over (problematische) schulden", "Data on (problem) debts"),
    "benefits": ("Gegevens over uitkering en/of schulden", "Data on benefits and/or debts"),
    "id-document": ("(Kopieën van) paspoorten of andere legitimatiebewijzen", "(Copies of) passports or other identity documents"),
    "location": ("Locatiegegevens", "Location data"),
    "criminal": ("Persoonsgegevens over strafrechtelijke veroordelingen en strafbare feiten", "Data on criminal convictions and offences"),
    "unknown": ("Onbekend", "Unknown"),
}

SPECIAL_CATEGORIES = {
    "ethnicity": ("Ras of etnische afkomst", "Racial or ethnic origin"),
    "political": ("Politieke opvattingen", "Political opinions"),
    "religion": ("Religieuze of levensbeschouwelijke overtuigingen", "Religious or philosophical beliefs"),
    "union": ("Lidmaatschap van een vakbond", "Trade union membership"),
    "sexual": ("Seksueel gedrag of seksuele gerichtheid", "Sex life or sexual orientation"),
    "health": ("Gezondheid", "Health"),
    "genetic": ("Genetische gegevens", "Genetic data"),
    "biometric": ("Biometrische gegevens (bijv. vingerafdruk of irisscan)", "Biometric data (e.g. fingerprint or iris scan)"),
}

PERSON_CATEGORIES = {
    "employees": ("Werknemers", "Employees"),
    "customers": ("Klanten (huidig en potentieel)", "Customers (current and prospective)"),
    "students": ("Leerlingen of studenten", "Pupils or students"),
    "patients": ("Patiënten", "Patients"),
    "minors": ("Minderjarigen", "Minors"),
    "vulnerable": ("Personen uit andere kwetsbare groepen", "Persons from other vulnerable groups"),
}

# fact -> (its keys with their labels, whether `other:TEXT` is accepted too)
LISTS = {
    "breach_types": (BREACH_TYPES, False),
    "data_categories": (DATA_CATEGORIES, True),
    "special_categories": (SPECIAL_CATEGORIES, False),
    "person_categories": (PERSON_CATEGORIES, True),
}

OTHER = "other:"
OTHER_NL = "anders:"


def fold(word: str) -> str:
    """Lower case, trimmed, accents dropped: `Patiënten` and `patienten` are one word."""
    text = unicodedata.normalize("NFKD", word.strip().casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def parse_list(fact: str, values: list[str]) -> list[str]:
    """Split comma-separated and repeated values, check each against the fact's keys (or their Dutch
    words, `SYNONYMS`), keep order, drop repeats."""
    known, other_allowed = LISTS[fact]
    dutch = synonyms(fact)
    result: list[str] = []
    for value in values:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            prefix = next((p for p in (OTHER, OTHER_NL) if item.lower().startswith(p)), None)
            if prefix and other_allowed and item[len(prefix):].strip():
                item = OTHER + item[len(prefix):].strip()
            elif item.lower() in known:
                item = item.lower()
            elif fold(item) in dutch:
                item = dutch[fold(item)]
            else:
                accepted = ", ".join(known) + (", other:TEXT" if other_allowed else "")
                raise InvalidInput(f"'{item}' is not known (accepted: {accepted})", field=fact)
            if item not in result:
                result.append(item)
    return result


def label(fact: str, key: str, language: str) -> str:
    """The form's wording of a key in `language` (nl or en)."""
    if key.startswith(OTHER):
        text = key[len(OTHER):]
        return text[:1].upper() + text[1:]
    nl, en = LISTS[fact][0][key]
    return nl if language == "nl" else en

# The AP form's "aard van het incident" (what happened), one key per option.
INCIDENT_KINDS = {
    "wrong-recipient-email": ("E-mail met persoonsgegevens verstuurd aan verkeerde ontvanger(s)", "E-mail with personal data sent to the wrong recipient(s)"),
    "cc-instead-of-bcc": ("E-mail verstuurd met ontvangers in het aan-veld of in de cc, in plaats van bcc", "E-mail sent with the recipients in the to or cc field instead of bcc"),
    "wrong-recipient-post": ("Brief of postpakket met persoonsgegevens verstuurd of afgegeven aan de verkeerde ontvanger(s)", "Letter or parcel with personal data sent or handed to the wrong recipient(s)"),
    "post-returned-opened": ("Brief of postpakket met persoonsgegevens geopend retour ontvangen", "Letter or parcel with personal data returned opened"),
    "post-lost": ("Brief of postpakket met persoonsgegevens kwijtgeraakt", "Letter or parcel with personal data lost"),
    "authorisations": ("Autorisatie(s) van medewerker(s) verkeerd ingesteld", "Staff authorisations set up wrongly"),
    "network-share": ("Netwerkmappen of -locaties met persoonsgegevens zijn te breed toegankelijk ingesteld binnen de organisatie", "Network folders or locations with personal data open too widely within the organisation"),
    "device-lost-stolen": ("Apparaat, gegevensdrager (bijv. USB-stick) en/of papier met persoonsgegevens kwijtgeraakt of gestolen", "Device, data carrier (e.g. USB stick) and/or paper with personal data lost or stolen"),
    "published": ("Persoonsgegevens per ongeluk gepubliceerd", "Personal data published by accident"),
    "hacking": ("Hacking, malware (bijv. ransomware) en/of phishing", "Hacking, malware (e.g. ransomware) and/or phishing"),
    "wrong-file": ("Persoonsgegevens toegevoegd aan het verkeerde dossier", "Personal data added to the wrong file"),
}

# The AP form's question on the severity of the consequences for the persons: four levels.
AP_SEVERITY = {
    "negligible": ("Verwaarloosbaar", "Negligible"),
    "limited": ("Beperkt", "Limited"),
    "considerable": ("Aanzienlijk", "Considerable"),
    "very-high": ("Zeer groot", "Very high"),
}

# The AP form's "(mogelijke) gevolgen voor de betrokkene(n)" (recital 85 of the AVG).
CONSEQUENCES = {
    "discrimination": ("Discriminatie of uitsluiting", "Discrimination or exclusion"),
    "identity-fraud": ("Identiteitsdiefstal of -fraude", "Identity theft or fraud"),
    "financial-loss": ("Financieel verlies", "Financial loss"),
    "reputation": ("Reputatieschade", "Damage to reputation"),
    "professional-secrecy": ("Verlies van vertrouwelijkheid van door het beroepsgeheim beschermde persoonsgegevens", "Loss of confidentiality of personal data protected by professional secrecy"),
    "pseudonymisation": ("Ongeoorloofde ongedaanmaking van pseudonimisering", "Unauthorised reversal of pseudonymisation"),
    "no-access": ("Betrokkenen kunnen hun persoonsgegevens niet inzien of op verzoek laten verwijderen", "The persons cannot see their personal data or have it deleted on request"),
    "loss-of-control": ("Betrokkenen verliezen het overzicht van welke organisaties hun persoonsgegevens verwerken", "The persons lose track of which organisations process their personal data"),
}

# The AP form's question on protection beforehand (encrypted, hashed, otherwise unintelligible, or not).
PROTECTION = {
    "encrypted": ("Versleuteld (encryptie)", "Encrypted"),
    "hashed": ("Gehasht", "Hashed"),
    "unintelligible": ("Op een andere manier onbegrijpelijk of ontoegankelijk gemaakt", "Made unintelligible or inaccessible in another way"),
    "no": ("Nee", "No"),
}

LISTS["protection"] = (PROTECTION, False)
LISTS["incident_kind"] = (INCIDENT_KINDS, True)
LISTS["ap_severity"] = (AP_SEVERITY, False)
LISTS["consequences"] = (CONSEQUENCES, False)

# What a breach was caused by: the AP form's kinds, and causes the form files under a broader option
# or "Anders" (the EDPB's examples and the AP's guidance weigh them apart).
CAUSES = {
    **INCIDENT_KINDS,
    "ransomware": ("Ransomware (gijzelsoftware)", "Ransomware"),
    "phishing": ("Phishing (een misleidend bericht gaf inloggegevens of toegang prijs)",
                 "Phishing (a deceptive message gave away credentials or access)"),
    "social-engineering": ("Social engineering (iemand deed zich voor als betrokkene of medewerker)",
                           "Social engineering (someone posed as a person or an employee)"),
    "credential-stuffing": ("Inloggen met elders gelekte inloggegevens (credential stuffing)",
                            "Log-ins with credentials leaked elsewhere (credential stuffing)"),
    "insider": ("Een (oud-)medewerker heeft gegevens gekopieerd of meegenomen", "An (ex-)employee copied or took data"),
    "software-error": ("Software- of configuratiefout", "Software or configuration error"),
}
# The AP form's option for a cause it has no option of its own for (absent: "Anders", with the label).
CAUSE_FORM_KIND = {"ransomware": "hacking", "phishing": "hacking", "credential-stuffing": "hacking"}
LISTS["incident_kind"] = (CAUSES, True)


def form_kind(cause: str, language: str) -> str:
    """The AP form's answer to "aard van het incident" for a cause."""
    if cause in INCIDENT_KINDS or cause.startswith(OTHER):
        return label("incident_kind", cause, language)
    if cause in CAUSE_FORM_KIND:
        return label("incident_kind", CAUSE_FORM_KIND[cause], language)
    return ("Anders: " if language == "nl" else "Other: ") + label("incident_kind", cause, language)


# Dutch words accepted for the keys besides the form's own labels (folded: no accents, lower case).
_SHORT = {
    "data_categories": {
        "naam": "name", "geslacht": "gender", "geboortedatum": "birthdate", "leeftijd": "birthdate",
        "burgerservicenummer": "bsn", "contact": "contact", "contactgegevens": "contact", "adres": "address",
        "woonplaats": "address", "e-mail": "email", "email": "email", "e-mailadres": "email", "emailadres": "email",
        "telefoon": "phone", "telefoonnummer": "phone", "inloggegevens": "credentials", "wachtwoord": "credentials",
        "wachtwoorden": "credentials", "gebruikersnaam": "credentials", "financieel": "financial",
        "financiele gegevens": "financial", "rekeningnummer": "iban", "bankrekeningnummer": "iban",
        "creditcard": "creditcard", "schulden": "debts", "uitkering": "benefits", "paspoort": "id-document",
        "id-bewijs": "id-document", "identiteitsbewijs": "id-document", "legitimatiebewijs": "id-document",
        "locatie": "location", "locatiegegevens": "location", "strafrechtelijk": "criminal", "onbekend": "unknown",
    },
    "special_categories": {
        "ras": "ethnicity", "etniciteit": "ethnicity", "politiek": "political", "religie": "religion",
        "geloof": "religion", "levensovertuiging": "religion", "vakbond": "union", "seksueel": "sexual",
        "gezondheid": "health", "genetisch": "genetic", "biometrisch": "biometric",
    },
    "person_categories": {
        "werknemers": "employees", "medewerkers": "employees", "personeel": "employees", "klanten": "customers",
        "leerlingen": "students", "studenten": "students", "patienten": "patients", "minderjarigen": "minors",
        "kinderen": "minors", "kwetsbaar": "vulnerable", "kwetsbare personen": "vulnerable",
    },
    "incident_kind": {
        "gijzelsoftware": "ransomware", "hack": "hacking", "hacking": "hacking", "inbraak": "hacking",
        "verkeerde ontvanger": "wrong-recipient-email", "cc": "cc-instead-of-bcc", "verkeerd adres": "wrong-recipient-post",
        "post kwijt": "post-lost", "gestolen": "device-lost-stolen", "verloren": "device-lost-stolen",
        "gepubliceerd": "published", "medewerker": "insider", "softwarefout": "software-error",
        "configuratiefout": "software-error",
    },
}


def synonyms(fact: str) -> dict[str, str]:
    """The Dutch words for a list's keys: its Dutch labels and the short words above."""
    known = LISTS[fact][0]
    words = {fold(nl): key for key, (nl, _en) in known.items()}
    words.update(_SHORT.get(fact, {}))
    return words


# The AP form's 1.3: the supervisors of other duties to notify (sector rules), for `--other-supervisors`.
SUPERVISORS = {
    "afm": ("Autoriteit Financiële Markten (AFM)", "Dutch Authority for the Financial Markets (AFM)"),
    "dnb": ("De Nederlandsche Bank (DNB)", "De Nederlandsche Bank (DNB)"),
    "rdi": ("Rijksinspectie Digitale Infrastructuur (RDI)", "Dutch Authority for Digital Infrastructure (RDI)"),
    "igj": ("Inspectie Gezondheidszorg en Jeugd (IGJ)", "Health and Youth Care Inspectorate (IGJ)"),
    "ilt": ("Inspectie Leefomgeving en Transport (ILT)", "Human Environment and Transport Inspectorate (ILT)"),
    "onderwijs": ("Inspectie van het Onderwijs", "Inspectorate of Education"),
    "nctv": ("Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)", "National Coordinator for Security and Counterterrorism (NCTV)"),
}
LISTS["other_supervisors"] = (SUPERVISORS, True)

# The AP form's 10.1: how the persons were told (`breach notified ID subjects --channel`).
CHANNELS = {
    "letter": ("Per brief", "By letter"),
    "email": ("Per e-mail", "By e-mail"),
    "phone": ("Telefonisch", "By telephone"),
    "sms": ("Per sms", "By text message"),
    "website": ("Via onze website", "On our website"),
    "in-person": ("Persoonlijk", "In person"),
    "newspaper": ("Via een advertentie in de krant", "By a newspaper notice"),
}
LISTS["channels"] = (CHANNELS, True)
LISTS["harms"] = (CONSEQUENCES, False)

# The AP form's 6.3 explanation: how the number of records was established.
RECORDS_BASIS = {
    "counted": ("Geteld", "Counted"),
    "estimated": ("Geschat", "Estimated"),
}
# Who informs the persons (the customers notice): us, or the controller(s) we work for.
INFORMED_BY = ("us", "controller", "undecided")


def parse_answered_list(fact: str, values: list[str]) -> list[str]:
    """A list the AP form asks to answer, where `none` (or `nee`) is the answer "no" and gives []."""
    if len(values) == 1 and values[0].strip().lower() in ("none", "no", "nee", "geen"):
        return []
    return parse_list(fact, values)


def parse_countries(values: list[str], field: str = "countries") -> list[str]:
    """ISO 3166 alpha-2 codes (DE, BE), comma-separated or repeated; `none` gives []."""
    if len(values) == 1 and values[0].strip().lower() in ("none", "no", "nee", "geen"):
        return []
    found: list[str] = []
    for value in values:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            if not (len(item) == 2 and item.isascii() and item.isalpha()):
                raise InvalidInput(f"'{item}' is not a country code (expected ISO 3166 codes such as DE,BE, or none)", field=field)
            if item.upper() not in found:
                found.append(item.upper())
    return found


def parse_one_of(value: str, accepted: tuple[str, ...] | dict, field: str) -> str:
    word = value.strip().lower()
    if word not in accepted:
        raise InvalidInput(f"'{value}' is not an answer (accepted: {', '.join(accepted)})", field=field)
    return word
