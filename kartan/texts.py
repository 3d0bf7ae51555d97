"""Sentences and words the library writes, in Swedish and English, kept in this one place.

The three catalogues of :mod:`kartan`:

* this module — sentences the library composes for people: analysis findings, change
  summaries and diff headings, calendar descriptions, the standalone map's interface,
  and how a translated text is marked;
* :mod:`kartan.labels` — the fixed vocabularies (kinds, relations, roles, functions);
* :mod:`kartan.messages` — the validator's messages.

The web pages have their own catalogue, :mod:`api.i18n`.  To add a text: add one entry
``"key": ("svenska", "English")`` under the comment of your feature (``{name}`` slots
are filled by :func:`text`), then call ``text("key", lang, name=...)``.

>>> text("analysis_list_more", "en", items="A, B")
'A, B and others'
>>> text("analysis_list_more", "sv", items="A, B")
'A, B med flera'
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- analysis (kartan.analysis) ---------------------------------------------------
    "analysis_cut": (
        "Samverkan hänger på {name}: utan {name} når {n} organ ({names}) inte längre "
        "resten av kartan.",
        "Collaboration hangs on {name}: without {name}, {n} bodies ({names}) no longer "
        "reach the rest of the map.",
    ),
    "analysis_cut_one": (
        "Samverkan hänger på {name}: utan {name} når 1 organ ({names}) inte längre "
        "resten av kartan.",
        "Collaboration hangs on {name}: without {name}, 1 body ({names}) no longer "
        "reaches the rest of the map.",
    ),
    "analysis_bridge": (
        "Förbindelsen mellan {a} och {b} är den enda vägen mellan {n} organ och resten av kartan.",
        "The link between {a} and {b} is the only way between {n} bodies and the rest of the map.",
    ),
    "analysis_bridge_one": (
        "Förbindelsen mellan {a} och {b} är den enda vägen mellan 1 organ och resten av kartan.",
        "The link between {a} and {b} is the only way between 1 body and the rest of the map.",
    ),
    "analysis_theme_gap": (
        "Temat {name} har inget forum, råd eller nätverk; {n} organ på kartan arbetar med det.",
        "The theme {name} has no forum, council or network; {n} bodies on the map work on it.",
    ),
    "analysis_theme_gap_one": (
        "Temat {name} har inget forum, råd eller nätverk; 1 organ på kartan arbetar med det.",
        "The theme {name} has no forum, council or network; 1 body on the map works on it.",
    ),
    "analysis_theme_gap_none": (
        "Temat {name} har inget forum, råd eller nätverk; inget organ på kartan arbetar med det.",
        "The theme {name} has no forum, council or network; no body on the map works on it.",
    ),
    "analysis_list_and": ("{items} och {last}", "{items} and {last}"),
    "analysis_list_more": ("{items} med flera", "{items} and others"),
    # --- change history (kartan.history) ----------------------------------------------
    "diff_file_added": ("Datafilen skapades", "The data file was created"),
    "diff_file_removed": ("Datafilen togs bort", "The data file was removed"),
    "diff_nodes_added": ("Tillagda noder", "Bodies added"),
    "diff_nodes_removed": ("Borttagna noder", "Bodies removed"),
    "diff_nodes_changed": ("Ändrade noder", "Bodies changed"),
    "diff_members_added": ("Tillagda medlemskap", "Memberships added"),
    "diff_members_ended": ("Avslutade medlemskap", "Memberships ended"),
    "diff_members_removed": ("Borttagna medlemskap", "Memberships removed"),
    "diff_members_changed": ("Ändrade medlemskap", "Memberships changed"),
    "diff_relations_added": ("Tillagda relationer", "Relations added"),
    "diff_relations_ended": ("Avslutade relationer", "Relations ended"),
    "diff_relations_removed": ("Borttagna relationer", "Relations removed"),
    "diff_relations_changed": ("Ändrade relationer", "Relations changed"),
    "diff_meetings_added": ("Tillagda möten", "Meetings added"),
    "diff_meetings_removed": ("Borttagna möten", "Meetings removed"),
    "diff_meetings_changed": ("Ändrade möten", "Meetings changed"),
    "diff_header": ("Kartans rubrik", "The map's header"),
    "diff_sources": ("Källor", "Sources"),
    "diff_themes": ("Teman", "Themes"),
    "diff_audiences": ("Målgrupper", "Audiences"),
    "diff_places": ("Platser", "Places"),
    "diff_matters": ("Ärenden", "Matters"),
    "diff_needs": ("Behov", "Needs"),
    "diff_empty_value": ("(tomt)", "(empty)"),
    "diff_yes": ("ja", "yes"),
    "diff_no": ("nej", "no"),
    "diff_from": ("från {d}", "from {d}"),
    "diff_until": ("t.o.m. {d}", "until {d}"),
    "diff_member_sentence": ("{a} är medlem i {b}", "{a} is a member of {b}"),
    "diff_no_changes": ("Inga ändringar i kartans innehåll.", "No changes to the map's content."),
    # one-line summaries: "{n} <word>", singular and plural
    "sum_nodes_added": ("nod tillagd|noder tillagda", "body added|bodies added"),
    "sum_nodes_removed": ("nod borttagen|noder borttagna", "body removed|bodies removed"),
    "sum_nodes_changed": ("nod ändrad|noder ändrade", "body changed|bodies changed"),
    "sum_members_added": (
        "medlemskap tillagt|medlemskap tillagda",
        "membership added|memberships added",
    ),
    "sum_members_ended": (
        "medlemskap avslutat|medlemskap avslutade",
        "membership ended|memberships ended",
    ),
    "sum_members_removed": (
        "medlemskap borttaget|medlemskap borttagna",
        "membership removed|memberships removed",
    ),
    "sum_members_changed": (
        "medlemskap ändrat|medlemskap ändrade",
        "membership changed|memberships changed",
    ),
    "sum_relations_added": (
        "relation tillagd|relationer tillagda",
        "relation added|relations added",
    ),
    "sum_relations_ended": (
        "relation avslutad|relationer avslutade",
        "relation ended|relations ended",
    ),
    "sum_relations_removed": (
        "relation borttagen|relationer borttagna",
        "relation removed|relations removed",
    ),
    "sum_relations_changed": (
        "relation ändrad|relationer ändrade",
        "relation changed|relations changed",
    ),
    "sum_meetings_added": ("möte tillagt|möten tillagda", "meeting added|meetings added"),
    "sum_meetings_removed": ("möte borttaget|möten borttagna", "meeting removed|meetings removed"),
    "sum_meetings_changed": ("möte ändrat|möten ändrade", "meeting changed|meetings changed"),
    "sum_catalogues": (
        "ändring i förteckningar|ändringar i förteckningar",
        "change to the lists|changes to the lists",
    ),
    "sum_file_removed": ("datafilen togs bort", "the data file was removed"),
    "sum_file_added": ("datafilen skapades", "the data file was created"),
    "sum_invalid": (
        "datafilen var ogiltig i den här versionen",
        "the data file was invalid in this revision",
    ),
    "sum_no_history": ("ingen historik tillgänglig", "no history available"),
    "sum_none": ("inga ändringar i kartans innehåll", "no changes to the map's content"),
    # --- proposals (kartan.proposal) -----------------------------------------------------
    "proposal_control": (
        "Texten innehåller osynliga styrtecken; skriv om den eller klistra in den som vanlig text.",
        "The text holds control characters; retype it as plain text.",
    ),
    "proposal_personal": (
        "Skriv inga e-postadresser, telefonnummer eller personnummer: kartan anger kontakt "
        "som en funktion hos en organisation (Kontaktväg), aldrig som en person.",
        "No e-mail addresses, phone numbers or personal identity numbers: contact is a "
        "function at an organisation, never a person.",
    ),
    "proposal_contact_both": (
        "Ange både kontaktfunktion och organisationen som har den (via).",
        "Give both the contact function and the organisation that holds it.",
    ),
    "proposal_member_both": (
        "Välj både vad som ska hända med medlemskapet och vilken organisation det gäller.",
        "Choose both the membership action and the organisation.",
    ),
    "proposal_member_exists": (
        "'{member}' har redan ett pågående medlemskap med den rollen i '{node}'.",
        "'{member}' already holds that membership in '{node}'.",
    ),
    "proposal_member_until": (
        "Ange sista dagen medlemskapet gällde (until).",
        "Give the membership's last day (until).",
    ),
    "proposal_member_missing": (
        "'{member}' har inget pågående medlemskap i '{node}'.",
        "'{member}' holds no current membership in '{node}'.",
    ),
    "proposal_relation_both": (
        "Ange både relationstyp och vilken nod relationen går till.",
        "Give both the relation type and the node it goes to.",
    ),
    "proposal_relation_exists": (
        "Relationen {type} → '{target}' finns redan och gäller fortfarande.",
        "The relation {type} → '{target}' is already on the map and still holds.",
    ),
    "proposal_source_both": (
        "En ny källa behöver både id och titel.",
        "A new source needs both an id and a title.",
    ),
    "proposal_unknown_node": (
        "Det finns ingen nod med id '{id}' på kartan.",
        "There is no node with id '{id}' on the map.",
    ),
    "proposal_nothing": (
        "Förslaget ändrar ingenting: fyll i minst en av delarna.",
        "The proposal changes nothing: fill in at least one part.",
    ),
    "proposal_no_source": (
        "Ange minst en källa, t.ex. '001 §5': varje uppgift på kartan har en källa.",
        "Cite at least one source, e.g. '001 §5': every fact on the map has a source.",
    ),
    # --- calendar (kartan.ical) ---------------------------------------------------------
    "ical_organiser": ("Arrangör", "Organiser"),
    "ical_about": ("Om", "About"),
    "ical_time": ("Tid", "Time"),
    "ical_status": ("Status", "Status"),
    "ical_inferred": (
        "Uppgiften är delvis tolkad ur minnesanteckningarna.",
        "Partly inferred from the minutes.",
    ),
    "ical_sources": ("Källor", "Sources"),
    # --- translated texts ---------------------------------------------------------------
    "translated": ("Översatt från svenska", "Translated from Swedish"),
    "original": ("Original på svenska", "The Swedish original"),
    # --- the standalone map (kartan.standalone) -----------------------------------------
    "sa_search_label": ("Sök organ", "Search bodies"),
    "sa_search_button": ("Sök", "Search"),
    "sa_search_placeholder": ("t.ex. Samverkansrådet eller KS", "e.g. the Council or KS"),
    "sa_no_results": ("Inga träffar", "No matches"),
    "sa_fit": ("Visa hela kartan", "Show the whole map"),
    "sa_print": ("Skriv ut / spara som PDF", "Print / save as PDF"),
    "sa_legend": ("Teckenförklaring", "Legend"),
    "sa_entry_point": ("Ingång – bra första kontakt", "Entry point – a good first contact"),
    "sa_close": ("Stäng", "Close"),
    "sa_description": ("Beskrivning", "Description"),
    "sa_how_to_take_part": ("Så deltar ni", "How to take part"),
    "sa_contact": ("Kontakt", "Contact"),
    "sa_contact_missing": ("Kontaktuppgift saknas", "No contact details"),
    "sa_missing": ("saknas", "missing"),
    "sa_meets": ("Möts", "Meets"),
    "sa_themes": ("Teman", "Themes"),
    "sa_audiences": ("För vem", "For whom"),
    "sa_aliases": ("Även kallad", "Also called"),
    "sa_path": ("Väg till beslut", "Path to a decision"),
    "sa_path_self": ("Är själv ett beslutande organ.", "Is itself a decision body."),
    "sa_path_none": (
        "Ingen väg till ett beslutande organ finns i kartan.",
        "The map has no path to a decision body.",
    ),
    "sa_show_path": ("Visa vägen på kartan", "Show the path on the map"),
    "sa_relations": ("Relationer", "Relations"),
    "sa_sources": ("Källor", "Sources"),
    "sa_website": ("Webbplats", "Website"),
    "sa_all_nodes": ("Alla organ som lista", "All bodies as a list"),
    "sa_map_label": (
        "Karta över samverkan. Sök eller använd listan under kartan.",
        "Map of collaboration. Search, or use the list below the map.",
    ),
    "sa_version": ("Dataversion", "Data version"),
    "sa_as_of": ("Kartan som den såg ut", "The map as it stood on"),
    "sa_made": ("Kartbild från Samverkanskartan", "Map from Samverkanskartan"),
    "sa_no_js": (
        "Kartan behöver JavaScript. Listan under kartan fungerar utan.",
        "The map needs JavaScript. The list below the map works without it.",
    ),
    "sa_panel_hint": (
        "Klicka på ett organ på kartan, eller sök, för att se vad det är, hur man deltar "
        "och vägen till beslut.",
        "Click a body on the map, or search, to see what it is, how to take part and its "
        "path to a decision.",
    ),
    "sa_translated": ("Översatt från svenska", "Translated from Swedish"),
    "sa_original": ("Original på svenska", "The Swedish original"),
}


def text(key: str, lang: str, **fields: object) -> str:
    """One text in ``lang`` ('sv' or 'en', anything else is Swedish), slots filled.

    A key missing here raises ``KeyError``: a test catches every call site.
    """
    sv, en = TEXTS[key]
    template = en if lang == "en" else sv
    return template.format(**fields) if fields else template


def counted(key: str, n: int, lang: str) -> str:
    """'1 nod tillagd', '3 noder tillagda': a ``singular|plural`` entry with its count.

    >>> counted("sum_nodes_added", 1, "sv"), counted("sum_nodes_added", 3, "en")
    ('1 nod tillagd', '3 bodies added')
    """
    one, many = text(key, lang).split("|", 1)
    return f"{n} {one if n == 1 else many}"


def join_names(names: list[str], total: int, lang: str) -> str:
    """'A, B och C', or 'A, B, C med flera' when ``total`` is more than the names given.

    >>> join_names(["A", "B", "C"], 3, "sv"), join_names(["A", "B"], 5, "en")
    ('A, B och C', 'A, B and others')
    """
    if total > len(names):
        return text("analysis_list_more", lang, items=", ".join(names))
    if len(names) <= 1:
        return "".join(names)
    return text("analysis_list_and", lang, items=", ".join(names[:-1]), last=names[-1])
