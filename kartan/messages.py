"""Validator messages in Swedish (default) and English, one catalogue for every check.

Each code maps to ``(swedish, english)`` format strings.  Every message says what is
wrong and how to fix it.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # file level
    "file_missing": (
        "filen finns inte; ange sökvägen till kartans YAML-fil",
        "file does not exist; give the path to the map's YAML file",
    ),
    "not_a_file": (
        "sökvägen pekar på {what}, inte på en vanlig fil; ange sökvägen till kartans YAML-fil",
        "the path is {what_en}, not a regular file; give the path to the map's YAML file",
    ),
    "file_too_large": (
        "filen är {size} byte, gränsen är {limit} byte; dela upp eller korta filen",
        "file is {size} bytes, the limit is {limit} bytes; split or shorten the file",
    ),
    "not_utf8": (
        "filen är inte UTF-8 ({reason}); spara den som UTF-8",
        "file is not UTF-8 ({reason}); save it as UTF-8",
    ),
    "yaml_syntax": (
        "YAML-syntaxfel: {problem}; kontrollera indrag, kolon och citattecken",
        "YAML syntax error: {problem}; check indentation, colons and quotes",
    ),
    "empty_file": (
        "filen är tom; den ska börja med 'schema_version: 1'",
        "file is empty; it should start with 'schema_version: 1'",
    ),
    "multiple_documents": (
        "filen innehåller flera YAML-dokument ('---'); ta bort alla utom ett",
        "file holds several YAML documents ('---'); keep only one",
    ),
    "anchor": (
        "ankare ('&{name}') är inte tillåtna; skriv ut värdet där det behövs",
        "anchors ('&{name}') are not allowed; write the value out where it is needed",
    ),
    "alias": (
        "alias ('*{name}') är inte tillåtna; skriv ut värdet där det behövs",
        "aliases ('*{name}') are not allowed; write the value out where it is needed",
    ),
    "merge_key": (
        "sammanslagningsnyckeln '<<' är inte tillåten; skriv ut nycklarna",
        "the merge key '<<' is not allowed; write the keys out",
    ),
    "duplicate_key": (
        "nyckeln '{key}' förekommer redan på rad {first_line}; ta bort eller slå ihop den ena",
        "duplicate key '{key}' (first on line {first_line}); remove or merge one of them",
    ),
    "bad_key": (
        "nycklar måste vara text; skriv nyckeln som ett ord",
        "keys must be text; write the key as a word",
    ),
    "stopped": (
        "kontrollen stannade här, på rad {line} av {lines}, efter {shown} fel; "
        "rätta dem och kör den igen",
        "the check stopped here, on line {line} of {lines}, after {shown} problems; "
        "fix them and run it again",
    ),
    "more_problems": (
        "… och {count} till (de första {shown} visas); rätta dem och kör kontrollen igen",
        "… and {count} more (the first {shown} are shown); fix them and run the check again",
    ),
    "schema_version": (
        "okänd schema_version {value}; den här versionen av kartan läser {expected}",
        "unknown schema_version {value}; this version of kartan reads {expected}",
    ),
    # schema level
    "unknown_key": (
        "okänd nyckel '{key}'{suggestion}; tillåtna: {allowed}",
        "unknown key '{key}'{suggestion}; allowed: {allowed}",
    ),
    "missing_key": (
        "nyckeln '{key}' saknas; lägg till den",
        "required key '{key}' is missing; add it",
    ),
    "unknown_enum": (
        "okänt värde för {what} '{value}'{suggestion}; tillåtna: {allowed}",
        "unknown {what_en} '{value}'{suggestion}; allowed: {allowed}",
    ),
    "bad_id": (
        "ogiltigt id '{value}': använd gemena a–z, siffror och bindestreck, t.ex. '{slug}'",
        "bad id '{value}': use lower-case a-z, digits and hyphens, e.g. '{slug}'",
    ),
    "bad_source_ref": (
        "ogiltig källhänvisning '{value}': skriv källans id och punkt, t.ex. '001 §5'",
        "bad source reference '{value}': write the source id and item, e.g. '001 §5'",
    ),
    "bad_date": (
        "'{value}' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2023-11-07",
        "'{value}' is not a date; write YYYY-MM-DD, e.g. 2023-11-07",
    ),
    "bad_type": (
        "fel typ: {expected} väntades, fick {got}",
        "wrong type: expected {expected_en}, got {got_en}",
    ),
    "too_short": (
        "får inte vara tom; ange minst {min} värde(n)",
        "must not be empty; give at least {min} value(s)",
    ),
    "too_long": (
        "för lång ({length} tecken, högst {max}); korta texten",
        "too long ({length} characters, at most {max}); shorten the text",
    ),
    "bad_url": (
        "'{value}' är ingen webbadress; börja med https://",
        "'{value}' is not a web address; start with https://",
    ),
    "invalid": ("{message}", "{message}"),
    # cross-record level
    "duplicate_id": (
        "id '{value}' finns redan ({first}); välj ett unikt id",
        "duplicate id '{value}' (already at {first}); choose a unique id",
    ),
    "unknown_ref": (
        "{unknown} '{value}'{suggestion}",
        "unknown {what_en} '{value}'{suggestion}",
    ),
    "until_before_from": (
        "'until' ({until}) är före 'from' ({start}); byt plats på datumen eller rätta dem",
        "'until' ({until}) is before 'from' ({start}); swap or correct the dates",
    ),
    "end_before_start": (
        "'end_date' ({end}) är före 'date' ({start}); rätta datumen",
        "'end_date' ({end}) is before 'date' ({start}); correct the dates",
    ),
    "personal_data": (
        "texten innehåller {what}; kartan anger kontakt som en funktion hos en organisation, "
        "aldrig som en person: ta bort uppgiften",
        "the text holds {what_en}; the map gives contact as a function at an organisation, "
        "never as a person: remove it",
    ),
    "self_relation": (
        "'{value}' pekar på sig själv; en relation måste gå till en annan nod",
        "'{value}' points to itself; a relation must go to another node",
    ),
    # matters (issue 17)
    "unknown_meeting": (
        "okänt möte '{value}'; ange id för ett möte under någon nods 'meetings'",
        "unknown meeting '{value}'; give the id of a meeting under some node's 'meetings'",
    ),
    "unknown_matter": (
        "okänt ärende '{value}'; ange id för ett ärende under 'matters'",
        "unknown matter '{value}'; give the id of a matter under 'matters'",
    ),
    "matter_needs_went_to": (
        "ett ärende som skickas vidare behöver 'went_to': noden det skickades till",
        "a matter sent elsewhere needs 'went_to': the node it was sent to",
    ),
    "matter_item": (
        "'{value}' är ingen punkt; skriv källan och punkten, t.ex. '001 §5' eller '003 «Klimat»'",
        "'{value}' is not an item; write the source and the item, e.g. '001 §5' or '003 «Klimat»'",
    ),
    "unknown_item": (
        "punkten '{value}' finns inte i källans 'items'; kända punkter: {allowed}",
        "item '{value}' is not among the source's 'items'; known items: {allowed}",
    ),
    "citation_outside_item": (
        "'{value}' ligger utanför {item} (raderna {first}–{last} enligt källans 'items'); "
        "rätta radnumret eller punkten",
        "'{value}' lies outside {item} (lines {first}–{last} by the source's 'items'); "
        "correct the line number or the item",
    ),
    "source_outside_item": (
        "källhänvisningen '{value}' ligger inte inom ärendets punkt {item} "
        "(raderna {first}–{last}); hänvisa till en rad i punkten, t.ex. '{item} L{first}'",
        "the citation '{value}' is not inside the matter's item {item} (lines {first}–{last}); "
        "cite a line of the item, e.g. '{item} L{first}'",
    ),
    "appearance_not_later": (
        "mötet '{value}' ({date}) är inte senare än ärendets möte ({own}); ett senare "
        "omnämnande måste stå i anteckningar från ett senare möte",
        "meeting '{value}' ({date}) is not later than the matter's meeting ({own}); a later "
        "appearance must be in the minutes of a later meeting",
    ),
    "appearance_other_meeting": (
        "ärendet '{value}' behandlades på mötet '{meeting}', inte på det här mötet; "
        "ange samma möte som ärendet",
        "matter '{value}' was handled at meeting '{meeting}', not at this one; give the "
        "matter's meeting",
    ),
    "item_lines": (
        "'last' ({last}) är före 'first' ({first}); rätta radnumren",
        "'last' ({last}) is before 'first' ({first}); correct the line numbers",
    ),
    # warnings
    "no_contact": (
        "ingen kontaktväg; lägg till contact: {{function: ..., via: <organisation>}} "
        "när den är känd",
        "no contact; add contact: {{function: ..., via: <organisation>}} when it is known",
    ),
    "stale": (
        "senast granskad {reviewed}, för mer än {days} dagar sedan; "
        "granska och uppdatera 'reviewed'",
        "last reviewed {reviewed}, more than {days} days ago; review it and update 'reviewed'",
    ),
    "not_reviewed": (
        "saknar 'reviewed'; granska noden och ange datumet",
        "has no 'reviewed' date; review the node and set the date",
    ),
    "no_english": (
        "engelsk översättning saknas för {fields}; lägg till {keys} (en trogen översättning "
        "av den svenska texten)",
        "no English translation of {fields}; add {keys} (a faithful translation of the "
        "Swedish text)",
    ),
    # who decides, and how to reach them (issue 9)
    "contact_via_self": (
        "kontakten går via noden själv ('{value}') och leder ingenstans; ange den "
        "organisation eller förvaltning som har funktionen, eller ta bort kontakten",
        "the contact goes via the node itself ('{value}') and leads nowhere; name the "
        "organisation or administration that holds the function, or remove the contact",
    ),
    "decision_body_in_body": (
        "ett beslutande organ beslutar för kommunen, men '{value}' är en del av {target} "
        "({target_kind}); är det rådets eller projektets egen styrning, använd "
        "kind: steering_body",
        "a decision body decides for the municipality, but '{value}' is part of {target} "
        "({target_kind}); if it steers a council's or project's own work, use "
        "kind: steering_body",
    ),
    "steering_without_body": (
        "en styrgrupp eller ett arbetsutskott styr något: lägg till part_of eller "
        "responsible_for till rådet eller projektet den styr",
        "a steering body steers something: add part_of or responsible_for to the council "
        "or project it steers",
    ),
    "isolated": (
        "noden har inga relationer alls; lägg till minst en relation eller ett medlemskap",
        "node has no relations at all; add at least one relation or membership",
    ),
}

WHAT: dict[str, tuple[str, str]] = {
    "node": ("nod", "node"),
    "kind": ("typ (kind)", "kind"),
    "type": ("relationstyp", "relation type"),
    "role": ("roll", "role"),
    "function": ("kontaktfunktion", "contact function"),
    "status": ("status", "status"),
    "theme": ("tema", "theme"),
    "audience": ("målgrupp", "audience"),
    "place": ("plats", "place"),
    "source": ("källa", "source"),
    "matter_kind": ("ärendetyp", "kind of matter"),
    "need_kind": ("behovstyp (kind)", "need kind"),
    "raiser": ("målgrupp eller nod", "audience or node"),
}

PERSONAL_DATA_NAMES: dict[str, tuple[str, str]] = {
    "email": ("en e-postadress", "an e-mail address"),
    "phone": ("ett telefonnummer", "a phone number"),
    "personnummer": ("ett personnummer", "a personal identity number (personnummer)"),
}

UNKNOWN_SV: dict[str, str] = {
    "node": "okänd nod",
    "theme": "okänt tema",
    "audience": "okänd målgrupp",
    "place": "okänd plats",
    "source": "okänd källa",
    "raiser": "okänd målgrupp eller nod",
}

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "str": ("text", "text"),
    "int": ("heltal", "integer"),
    "bool": ("true eller false", "true or false"),
    "list": ("en lista", "a list"),
    "dict": ("en mappning (nyckel: värde)", "a mapping (key: value)"),
    "date": ("ett datum", "a date"),
    "NoneType": ("ett tomt värde", "an empty value"),
    "float": ("ett decimaltal", "a decimal number"),
}


def render(code: str, lang: str, params: dict[str, object]) -> str:
    """Format message ``code`` in ``lang`` ('sv' or 'en') with ``params``."""
    sv, en = MESSAGES[code]
    template = en if lang == "en" else sv
    if code == "more_problems":  # 6 712 431 (sv), 6,712,431 (en)
        count = f"{int(str(params['count'])):,}"
        params = {**params, "count": count if lang == "en" else count.replace(",", " ")}
    if "suggestion" in params:
        match = params["suggestion"]
        params = {**params, "suggestion": _did_you_mean(str(match), lang) if match else ""}
    return template.format(**params)


def _did_you_mean(match: str, lang: str) -> str:
    return f" (did you mean '{match}'?)" if lang == "en" else f" (menade du '{match}'?)"
