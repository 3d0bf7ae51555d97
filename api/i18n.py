"""UI strings of the web pages in Swedish and English, kept in this one place.

Vocabulary labels (kinds, relations, roles, functions) live in :mod:`kartan.labels`;
this module holds only the words of the user interface.  Swedish is the default;
``?lang=en`` switches to English and a cookie remembers the choice.

>>> t = translator("en")
>>> t("nav_map")
'Map'
>>> translator("sv")("nav_map")
'Karta'
>>> pick_lang("en", None), pick_lang(None, "en"), pick_lang("xx", None)
('en', 'en', 'sv')
"""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
LANG_COOKIE = "kartan_lang"

# key -> (Swedish, English)
STRINGS: dict[str, tuple[str, str]] = {
    # chrome
    "site_name": ("Samverkanskartan", "Samverkanskartan"),
    "site_tagline": (
        "Forum, råd, nätverk och beslutsvägar{in_place}",
        "Forums, councils, networks and decision paths{in_place}",
    ),
    "skip_link": ("Hoppa till innehållet", "Skip to content"),
    "nav_label": ("Huvudmeny", "Main menu"),
    "nav_start": ("Start", "Home"),
    "nav_map": ("Karta", "Map"),
    "nav_directory": ("Alla organ", "Directory"),
    "nav_guide": ("Hitta rätt", "Find your way"),
    "nav_analysis": ("Analys", "Analysis"),
    "nav_changes": ("Ändringar", "Changes"),
    "nav_about": ("Om kartan", "About"),
    "lang_switch": ("In English", "På svenska"),
    "footer_owner": ("Kartan hålls aktuell av", "The map is kept current by"),
    "footer_version": ("Dataversion", "Data version"),
    "footer_principle": (
        "Uppgifterna kommer från Samverkansrådets minnesanteckningar, med källa. "
        "Kontakt sker via funktioner, inte personer.",
        "The facts come from the Council's minutes, with sources. "
        "Contact goes through functions, not persons.",
    ),
    "missing": ("saknas", "missing"),
    "contact_missing": ("Kontaktuppgift saknas", "Contact details missing"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "all": ("Alla", "All"),
    "search": ("Sök", "Search"),
    "search_label": (
        "Sök organ, forum eller organisation",
        "Search bodies, forums or organisations",
    ),
    "search_placeholder": (
        "t.ex. Samverkansrådet, KS, klimat",
        "e.g. Samverkansrådet, KS, climate",
    ),
    "suggestions": ("Förslag", "Suggestions"),
    "no_results": ("Inga träffar.", "No results."),
    "entry_point": ("Bra ingång", "Good entry point"),
    "entry_point_help": (
        "En bra första dörr för den som är ny",
        "A good first door for newcomers",
    ),
    "show_on_map": ("Visa på kartan", "Show on the map"),
    "open_page": ("Öppna sidan", "Open the page"),
    "back_to_start": ("Till startsidan", "Back to the home page"),
    # the place the map covers (issue 16: from the data file's map.municipality, never
    # written here): " i Lindesberg" after a sentence, or nothing when the data has no place
    "in_place": (" i {place}", " in {place}"),
    "outside_place": ("{place}", "{place}"),
    "outside_no_place": ("kommunen", "the municipality"),
    # start page
    "start_title": ("Vart vänder vi oss?", "Where do we turn?"),
    "start_lead": (
        "Samverkanskartan visar hur civilsamhället, kommunen och andra aktörer{in_place} "
        "samverkar: vilka forum och nätverk som finns, hur man deltar och vem som beslutar.",
        "The collaboration map shows how civil society, the municipality and other actors"
        "{in_place} work together: which forums and networks exist, how to take part and "
        "who decides.",
    ),
    "ask_label": ("Vad vill ni göra?", "What do you want to do?"),
    "ask_placeholder": (
        "t.ex. Vi är en idrottsförening som vill jobba med klimatet",
        "e.g. We are a sports club that wants to work on climate",
    ),
    "ask_hint": (
        "Skriv med egna ord. Vi föreslår var ni kan börja och vem som beslutar.",
        "Use your own words. We suggest where to start and who decides.",
    ),
    "who_label": ("Vem är ni? (valfritt)", "Who are you? (optional)"),
    "who_any": ("Vill inte säga / annat", "Prefer not to say / other"),
    "ask_submit": ("Hitta rätt", "Find your way"),
    "themes_title": ("Gå direkt till ett tema", "Go straight to a theme"),
    "search_title": ("Sök i kartan", "Search the map"),
    "map_title": ("Kartbilden", "The map"),
    "map_preview_alt": (
        "Förhandsbild av kartan med {n} organ. Öppna den interaktiva kartan.",
        "Preview of the map with {n} bodies. Open the interactive map.",
    ),
    "map_open": ("Öppna den interaktiva kartan", "Open the interactive map"),
    "directory_open": ("Bläddra bland alla organ", "Browse all bodies"),
    "counts_line": (
        "{nodes} organ och organisationer, {edges} kopplingar, {meetings} möten",
        "{nodes} bodies and organisations, {edges} links, {meetings} meetings",
    ),
    "entry_points_title": ("Bra ingångar", "Good entry points"),
    # suggestions from anyone and the maintainers' inbox (issue 13)
    "nav_tip": ("Tipsa om en ändring", "Suggest a change"),
    "tip_title": ("Tipsa om en ändring", "Tell us about a change"),
    "tip_lead": (
        "Är något fel eller saknas något på kartan? Berätta med egna ord. Du behöver inget "
        "konto. Förvaltarna läser alla tips och rättar kartan.",
        "Is something wrong or missing on the map? Tell us in your own words. You need no "
        "account. The maintainers read every tip and correct the map.",
    ),
    "tip_node_lead": (
        "Är något fel eller saknas något om {name}? Berätta med egna ord.",
        "Is something about {name} wrong or missing? Tell us in your own words.",
    ),
    "tip_text": ("Vad är fel eller saknas?", "What is wrong or missing?"),
    "tip_text_help": (
        "Till exempel: ”Rådet möts inte längre på tisdagar” eller ”Vår förening är också "
        "medlem”. Skriv inga namn på personer, e-postadresser eller telefonnummer här.",
        "For example: “The council no longer meets on Tuesdays” or “Our association is a "
        "member too”. Do not write people's names, e-mail addresses or phone numbers here.",
    ),
    "tip_node": ("Vilket organ gäller det? (valfritt)", "Which body is it about? (optional)"),
    "tip_node_none": ("Vet inte / flera / inget av dem", "Not sure / several / none of them"),
    "tip_learned": ("Var fick du veta det? (valfritt)", "Where did you learn it? (optional)"),
    "tip_learned_help": (
        "Till exempel ett möte, ett protokoll eller en webbsida.",
        "For example a meeting, minutes or a web page.",
    ),
    "tip_contact": (
        "Hur når vi dig om vi har frågor? (valfritt)",
        "How can we reach you if we have questions? (optional)",
    ),
    "tip_contact_help": (
        "E-post eller telefon. Visas aldrig på kartan.",
        "E-mail or phone. Never shown on the map.",
    ),
    "tip_consent": (
        "Ni får spara min kontaktuppgift för frågor om tipset. Den raderas 90 dagar efter "
        "att tipset är avgjort.",
        "You may keep my contact for questions about this tip. It is deleted 90 days after "
        "the tip is decided.",
    ),
    "tip_honeypot": ("Lämna det här fältet tomt", "Leave this field empty"),
    "tip_submit": ("Skicka tipset", "Send the tip"),
    "tip_privacy": (
        "Vi sparar ditt tips, och din kontaktuppgift bara om du kryssar i rutan. Inget annat "
        "om dig sparas.",
        "We keep your tip, and your contact only if you tick the box. Nothing else about "
        "you is kept.",
    ),
    "tip_error": ("Tipset kunde inte skickas:", "The tip could not be sent:"),
    "tip_stale_form": (
        "Sidan var för gammal för att skicka från. Din text finns kvar: skicka igen.",
        "The page was too old to send from. Your text is still here: send it again.",
    ),
    "tip_thanks": ("Tack! Tipset har kommit fram.", "Thank you! The tip has arrived."),
    "tip_status_title": ("Ditt tips", "Your tip"),
    "tip_status_keep": (
        "Spara länken till den här sidan: här ser du vad som händer med tipset.",
        "Keep the link to this page: it shows what happens to the tip.",
    ),
    "tip_status_received": (
        "Mottaget. Förvaltarna har inte granskat det ännu.",
        "Received. The maintainers have not reviewed it yet.",
    ),
    "tip_status_accepted": (
        "Godkänt. Ändringen är förberedd och kommer med i kartan när den publiceras.",
        "Accepted. The change is prepared and will be on the map when it is published.",
    ),
    "tip_status_rejected": ("Inte infört.", "Not taken in."),
    "tip_sent_on": ("Skickat", "Sent"),
    "tip_decided_on": ("Avgjort", "Decided"),
    "tip_reason": ("Förvaltarnas motivering", "The maintainers' reason"),
    "tip_about": ("Gäller", "About"),
    "tip_general": ("Kartan i stort", "The map in general"),
    "tip_more": ("Tipsa om något mer", "Tell us something else"),
    "tip_instead": (
        "Vill du hellre berätta med egna ord, utan id:n och källhänvisningar?",
        "Would you rather tell us in your own words, without ids and source references?",
    ),
    "status_received": ("Ny", "New"),
    "status_accepted": ("Godkänd", "Accepted"),
    "status_rejected": ("Avböjd", "Rejected"),
    "signin_title": ("Logga in som förvaltare", "Sign in as a maintainer"),
    "signin_lead": (
        "Här loggar kartans förvaltare in för att läsa och hantera tips. Vill du tipsa om "
        "en ändring behöver du inte logga in.",
        "This is where the map's maintainers sign in to read and handle tips. To suggest "
        "a change you do not need to sign in.",
    ),
    "signin_name": ("Användarnamn", "User name"),
    "signin_password": ("Lösenord", "Password"),
    "signin_submit": ("Logga in", "Sign in"),
    "signin_failed": ("Fel användarnamn eller lösenord.", "Wrong user name or password."),
    "signin_locked": (
        "För många misslyckade försök. Försök igen om {minutes} minuter.",
        "Too many failed attempts. Try again in {minutes} minutes.",
    ),
    "signout": ("Logga ut", "Sign out"),
    "signed_in_as": ("Inloggad som {name}", "Signed in as {name}"),
    "inbox_title": ("Inkorgen", "Inbox"),
    "inbox_lead": (
        "Tips från besökare. Öppna ett tips, gör om det till en ändring av kartan, "
        "kontrollera den och godkänn eller avböj.",
        "Tips from visitors. Open a tip, turn it into a change of the map, check it and "
        "accept or reject.",
    ),
    "inbox_empty": ("Inga tips här.", "No tips here."),
    "inbox_all": ("Alla", "All"),
    "inbox_received": ("Ny", "Received"),
    "inbox_text": ("Tips", "Tip"),
    "inbox_open": ("Öppna", "Open"),
    "review_title": ("Tips {id}", "Tip {id}"),
    "review_contact": ("Kontakt (med samtycke)", "Contact (with consent)"),
    "review_contact_none": ("Ingen kontaktuppgift lämnad.", "No contact given."),
    "review_contact_deleted": (
        "Kontaktuppgiften raderas {day}.",
        "The contact is deleted on {day}.",
    ),
    "review_change": ("Gör om tipset till en ändring", "Turn the tip into a change"),
    "review_change_help": (
        "Välj organet och fyll i det som ska ändras, med källa. Ändringen kontrolleras mot "
        "hela kartan innan den kan godkännas.",
        "Choose the body and fill in what changes, with its source. The change is checked "
        "against the whole map before it can be accepted.",
    ),
    "review_node": ("Organ", "Body"),
    "review_check": ("Kontrollera ändringen", "Check the change"),
    "review_accept": (
        "Godkänn: skapa en commit på grenen {branch}",
        "Accept: make a commit on the branch {branch}",
    ),
    "review_reject": ("Avböj tipset", "Reject the tip"),
    "review_reason": (
        "Motivering (visas för den som skickade tipset)",
        "Reason (shown to the sender)",
    ),
    "review_reject_submit": ("Avböj", "Reject"),
    "review_accepted": (
        "Godkänt av {name}: commit {commit} på grenen {branch}.",
        "Accepted by {name}: commit {commit} on the branch {branch}.",
    ),
    "review_pull_request": ("Ändringsbegäran (pull request)", "Pull request"),
    "review_pr_failed": (
        "Ändringsbegäran kunde inte öppnas: {error}. Commiten finns kvar på grenen.",
        "The pull request could not be opened: {error}. The commit stays on the branch.",
    ),
    "review_rejected": ("Avböjt av {name}.", "Rejected by {name}."),
    "review_public_page": ("Avsändarens sida", "The sender's page"),
    "review_choose_node": (
        "Välj vilket organ ändringen gäller.",
        "Choose the body the change is about.",
    ),
    "forbidden_csrf": (
        "Formuläret kom inte från den här sidan, eller sidan var för gammal. Ladda om sidan "
        "och försök igen.",
        "The form did not come from this site, or the page was too old. Reload the page "
        "and try again.",
    ),
    # map page
    "map_page_title": ("Kartan", "The map"),
    "map_noscript": (
        "Den interaktiva kartan behöver JavaScript. "
        "Alla uppgifter finns också i listan över alla organ.",
        "The interactive map needs JavaScript. Everything is also in the directory.",
    ),
    "map_canvas_label": (
        "Interaktiv karta. Använd sökfältet eller listan över alla organ "
        "för att nå enskilda organ med tangentbordet.",
        "Interactive map. Use the search field or the directory "
        "to reach single bodies with the keyboard.",
    ),
    "map_loading": ("Kartan laddas …", "Loading the map …"),
    "map_error": ("Kartan kunde inte laddas.", "The map could not be loaded."),
    "legend": ("Teckenförklaring och filter", "Legend and filter"),
    "legend_help": (
        "Bocka ur en typ för att dölja den.",
        "Untick a kind to hide it.",
    ),
    "filter_kind": ("Typ", "Kind"),
    "filter_theme": ("Tema", "Theme"),
    "filter_entry": ("Bara bra ingångar", "Only good entry points"),
    "date_label": ("Kartan som den såg ut", "The map as it stood on"),
    "date_today": ("i dag", "today"),
    "zoom_in": ("Zooma in", "Zoom in"),
    "zoom_out": ("Zooma ut", "Zoom out"),
    "fit": ("Visa hela kartan", "Show the whole map"),
    "print": ("Skriv ut / spara som PDF", "Print / save as PDF"),
    "panel_close": ("Stäng", "Close"),
    "panel_label": ("Detaljer", "Details"),
    "panel_empty": (
        "Klicka på ett organ i kartan eller sök efter det för att se detaljer.",
        "Click a body on the map or search for it to see details.",
    ),
    "show_path": ("Visa väg till beslut", "Show path to decision"),
    "hide_path": ("Dölj vägen", "Hide the path"),
    "shown_count": ("{shown} av {total} organ visas", "{shown} of {total} bodies shown"),
    "not_found_on_map": ("Hittades inte på kartan.", "Not found on the map."),
    # the map picture (issue 15): families, lines, regions, focus, time, large maps
    "legend_nodes": ("Organ", "Bodies"),
    "legend_nodes_help": (
        "Färgen visar familjen, formen typen inom familjen. Bocka ur för att dölja.",
        "The colour shows the family, the shape the kind within it. Untick to hide.",
    ),
    "legend_lines": ("Linjer", "Lines"),
    "legend_lines_help": (
        "Pilen visar riktningen där den betyder något. Tunnare: tolkat av kartans redaktörer.",
        "Arrows show the direction where it matters. Fainter: inferred by the map's editors.",
    ),
    "legend_regions": (
        "Kartan är ordnad i områden efter sektor, med de gemensamma forumen i mitten där "
        "sektorerna möts.",
        "The map is arranged in regions by sector, with the shared forums in the middle "
        "where the sectors meet.",
    ),
    "filter_audience": ("Målgrupp", "Audience"),
    "focus_depth": ("Grannar", "Neighbours"),
    "focus_one": ("1 steg", "1 step"),
    "focus_two": ("2 steg", "2 steps"),
    "focus_status": (
        "{name} och {count} organ inom {depth} steg visas, resten är nedtonat.",
        "{name} and {count} bodies within {depth} steps shown, the rest faded.",
    ),
    "shown_edges": (
        "{shown} av {total} organ och {edges} kopplingar visas.",
        "{shown} of {total} bodies and {edges} links shown.",
    ),
    "lone_caption": ("Utan kända kopplingar", "No known links"),
    "lone_status": (
        "{count} organ saknar kända kopplingar i minnesanteckningarna; de står längst ner "
        "i sitt område under ”Utan kända kopplingar”.",
        "{count} bodies have no known links in the minutes; they stand at the foot of "
        "their region under “No known links”.",
    ),
    "filtered_lone": (
        "{count} av dem saknar koppling till något annat som visas.",
        "{count} of them have no link to anything else shown.",
    ),
    "panel_no_links": (
        "Minnesanteckningarna nämner inga kopplingar till andra organ.",
        "The minutes mention no links to other bodies.",
    ),
    "panel_sector": ("Område", "Region"),
    "date_status": (
        "{date}: {shown} av {total} organ och {edges} kopplingar.",
        "{date}: {shown} of {total} bodies and {edges} links.",
    ),
    "date_changes": (
        "Sedan {date}: {added} nya och {removed} borttagna organ, {edges_added} nya och "
        "{edges_removed} avslutade kopplingar (nya är markerade).",
        "Since {date}: {added} new and {removed} removed bodies, {edges_added} new and "
        "{edges_removed} ended links (new ones are marked).",
    ),
    "date_new": ("Nya: {names}", "New: {names}"),
    "date_gone": ("Borta: {names}", "Gone: {names}"),
    # map: a large map gathered by region (issue 15, point 8)
    "cluster_hint": (
        "Stor karta: organen är samlade per område. Öppna ett område genom att klicka på "
        "det eller med knapparna på kartan.",
        "Large map: bodies are gathered by region. Open a region by clicking it or with "
        "the buttons on the map.",
    ),
    "cluster_title": (
        "{label}: {count} organ – klicka för att öppna",
        "{label}: {count} bodies – click to open",
    ),
    "cluster_label": ("{label}\n{count} organ", "{label}\n{count} bodies"),
    "cluster_links": (
        "{count} kopplingar mellan {a} och {b}",
        "{count} links between {a} and {b}",
    ),
    "cluster_status": (
        "{count} organ är samlade i {regions} områden.",
        "{count} bodies are gathered in {regions} regions.",
    ),
    "clusters_group": ("Områden", "Regions"),
    "cluster_gather_all": ("Samla alla", "Gather all"),
    # directory
    "directory_title": ("Alla organ och organisationer", "All bodies and organisations"),
    "directory_lead": (
        "Filtrera på typ, tema eller bra ingångar. Listan fungerar utan JavaScript.",
        "Filter by kind, theme or good entry points. The list works without JavaScript.",
    ),
    "filter": ("Filtrera", "Filter"),
    "filter_reset": ("Rensa filter", "Clear filters"),
    "filter_text": ("Fritext", "Free text"),
    "sort_label": ("Sortera efter", "Sort by"),
    "sort_name": ("Namn", "Name"),
    "sort_relevance": ("Bäst träff", "Best match"),
    "sort_kind": ("Typ", "Kind"),
    "col_name": ("Namn", "Name"),
    "col_kind": ("Typ", "Kind"),
    "col_themes": ("Teman", "Themes"),
    "col_entry": ("Ingång", "Entry point"),
    "results_count": ("{n} träffar", "{n} results"),
    "page_prev": ("Föregående", "Previous"),
    "page_next": ("Nästa", "Next"),
    "page_of": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "pagination": ("Sidor", "Pages"),
    # node page
    "about_body": ("Vad det är", "What it is"),
    "how_to_take_part": ("Så deltar ni", "How to take part"),
    "meets": ("Möts", "Meets"),
    "contact": ("Kontakt", "Contact"),
    "contact_via": ("{function} via {via}", "{function} through {via}"),
    "suggest_contact": ("Föreslå en kontaktväg", "Suggest a way to get in touch"),
    "website": ("Webbplats", "Website"),
    "members": ("Medlemmar och platser", "Members and seats"),
    "col_member": ("Organisation", "Organisation"),
    "col_role": ("Roll", "Role"),
    "col_from": ("Från", "From"),
    "col_until": ("Till", "Until"),
    "col_sources": ("Källor", "Sources"),
    "vacant": ("vakant", "vacant"),
    "inferred": ("tolkat", "inferred"),
    "inferred_help": (
        "Tolkat ur sammanhanget, inte uttryckligen sagt i källan",
        "Inferred from context, not stated outright in the source",
    ),
    "relations": ("Kopplingar", "Relations"),
    "relations_out": ("Det här organet …", "This body …"),
    "relations_in": ("Andra om det här organet", "Others about this body"),
    "no_relations": ("Inga kopplingar i kartan.", "No relations on the map."),
    "no_members": (
        "Inga medlemmar eller platser är registrerade i kartan.",
        "No members or seats are recorded on the map.",
    ),
    "no_meetings": ("Inga möten är registrerade i kartan.", "No meetings are recorded on the map."),
    "print_page": ("Skriv ut", "Print"),
    "decision_path": ("Väg till beslut", "Path to a decision"),
    "decision_self": (
        "Det här är ett beslutande organ.",
        "This is a decision body.",
    ),
    "decision_none": (
        "Kartan visar ingen väg härifrån till ett beslutande organ.",
        "The map shows no path from here to a decision body.",
    ),
    "decision_lead": ("Så kan en fråga gå härifrån:", "How a matter can travel from here:"),
    "who_decides": ("Beslutar: {name}", "Decides: {name}"),
    "sources": ("Källor", "Sources"),
    "source_item": ("punkt", "item"),
    "meetings": ("Möten", "Meetings"),
    "ical": ("Lägg till i kalendern (iCal)", "Add to calendar (iCal)"),
    "meeting_held": ("genomfört", "held"),
    "meeting_planned": ("planerat", "planned"),
    "reviewed": ("Senast granskad", "Last reviewed"),
    "reviewed_stale": (
        "behöver granskas: inte granskad på mer än {days} dagar",
        "needs a review: not reviewed for more than {days} days",
    ),
    "suggest_change": ("Föreslå ändring", "Suggest a change"),
    "aliases": ("Kallas också", "Also called"),
    "themes": ("Teman", "Themes"),
    "audiences": ("För", "For"),
    "valid": ("Gäller", "Valid"),
    "valid_from": ("från {d}", "from {d}"),
    "valid_until": ("till {d}", "until {d}"),
    "note": ("Anmärkning", "Note"),
    "external": (
        "Nämns som exempel utanför {outside}.",
        "Mentioned as an example outside {outside}.",
    ),
    "not_found_title": ("Sidan finns inte", "Page not found"),
    "not_found_node": (
        "Det finns inget organ med id ”{id}” i kartan.",
        "There is no body with id “{id}” on the map.",
    ),
    "not_found_text": (
        "Adressen finns inte. Sök efter det ni letar efter, eller gå till startsidan.",
        "This address does not exist. Search for what you are looking for, or go to the home page.",
    ),
    # guide
    "guide_title": ("Hitta rätt ingång", "Find the right entry point"),
    "guide_lead": (
        "Beskriv med egna ord vad ni vill göra. Berätta gärna vilka ni är, så blir svaren bättre.",
        "Describe in your own words what you want to do. Saying who you are gives better answers.",
    ),
    "guide_org_label": ("Er organisation (valfritt)", "Your organisation (optional)"),
    "guide_org_any": ("Ingen vald", "None selected"),
    "guide_theme_label": ("Tema (valfritt)", "Theme (optional)"),
    "guide_results": ("Förslag på ingångar", "Suggested entry points"),
    "guide_results_for": ("Förslag för: ”{q}”", "Suggestions for: “{q}”"),
    "guide_none": (
        "Vi hittade inget som passar. Prova andra ord, eller bläddra bland alla organ.",
        "We found nothing that fits. Try other words, or browse the directory.",
    ),
    "guide_why": ("Varför", "Why"),
    "guide_path": ("Väg till beslut", "Path to a decision"),
    "guide_unavailable": (
        "Guiden är inte tillgänglig just nu.",
        "The guide is not available right now.",
    ),
    "guide_examples": ("Exempel på frågor", "Example questions"),
    # guide and search understand the asker (issue 10)
    "guide_fact": ("Svar från kartan", "Answer from the map"),
    "guide_fact_source": ("Källa: {sources} ({date})", "Source: {sources} ({date})"),
    "guide_fact_about": ("Om {name}", "About {name}"),
    "guide_contact": ("Så når ni dem", "How to reach them"),
    "guide_decides": ("Vem beslutar", "Who decides"),
    "guide_read_as": ("Frågan lästes som en fråga om {type}.", "Read as a question about {type}."),
    "guide_type_who_decides": ("vem som beslutar", "who decides"),
    "guide_type_contact": ("vem ni kan kontakta", "whom to contact"),
    "guide_type_take_part": ("hur ni kan delta", "how to take part"),
    "guide_type_money": ("pengar och bidrag", "money and grants"),
    "guide_type_meets": ("när och var de träffas", "when and where they meet"),
    "guide_type_fact": ("en uppgift på kartan", "a fact on the map"),
    "guide_open_door": ("Öppna {name}", "Open {name}"),
    "search_none_guide": (
        "Inget namn på kartan passar ”{q}”. Guiden kan läsa frågan med egna ord:",
        "No name on the map fits “{q}”. The guide can read it as a question:",
    ),
    "search_ask_guide": ("Fråga guiden: ”{q}”", "Ask the guide: “{q}”"),
    "did_you_mean": ("Menade du {name}?", "Did you mean {name}?"),
    # analysis
    # needs (issue 14): the page /behov, body pages, the guide, the map toggle, the analysis
    "nav_needs": ("Behov", "Needs"),
    "needs_title": ("Behov", "Needs"),
    "needs_lead": (
        "Vad civilsamhället och andra har sagt att de behöver, enligt Samverkansrådets "
        "minnesanteckningar 2021–2023: behov, hinder, förslag och frågor, var och en med "
        "källa och med de organ som tar upp den – eller inget.",
        "What civil society and others have said they need, according to the Council's "
        "minutes 2021–2023: needs, obstacles, proposals and questions, each with its source "
        "and with the bodies that take it up – or none.",
    ),
    "needs_summary": (
        "{total} behov i minnesanteckningarna; för {unmet} av dem nämns inget organ "
        "som tar upp dem.",
        "{total} needs in the minutes; for {unmet} of them no body is named that takes them up.",
    ),
    "needs_by_theme": ("Behov per tema", "Needs by theme"),
    "needs_unmet_count": ("{n} utan forum", "{n} with no forum"),
    "needs_chip_count": ("– {n} behov", "– {n} needs"),
    "needs_filter_who": ("Lyftes av", "Raised by"),
    "needs_filter_status": ("Tas upp", "Taken up"),
    "needs_status_unmet": ("Inget forum", "No forum"),
    "needs_status_taken_up": ("Tas upp av något organ", "Taken up by some body"),
    "needs_shown": ("Visar {n} av {total} behov.", "Showing {n} of {total} needs."),
    "needs_none": ("Inga behov med de filtren.", "No needs with those filters."),
    "needs_about_data": (
        "Texterna är minnesanteckningarnas ord, förkortade. Att inget organ nämns betyder att "
        "minnesanteckningarna inte säger att någon tar upp behovet, inte att ingen gör det. "
        "Vet du var ett behov tas upp? Föreslå en ändring.",
        "The texts are the minutes' words, shortened. That no body is named means the minutes "
        "do not say anyone takes the need up, not that no one does. Know where a need is taken "
        "up? Suggest a change.",
    ),
    "needs_raised_by": ("Lyftes av", "Raised by"),
    "needs_taken_up_by": ("Tas upp av", "Taken up by"),
    "needs_inferred": ("tolkning", "interpretation"),
    "needs_no_forum": ("Inget forum.", "No forum."),
    "needs_no_forum_help": (
        "Minnesanteckningarna nämner inget organ som tar upp detta.",
        "The minutes name no body that takes this up.",
    ),
    "needs_here_title": ("Frågor som tas upp här", "Questions taken up here"),
    "needs_here_help": (
        "Behov från minnesanteckningarna som det här organet tar upp.",
        "Needs from the minutes that this body takes up.",
    ),
    "needs_raised_here_title": ("Behov som lyfts här", "Needs raised here"),
    "needs_raised_here_help": (
        "Behov som organisationen eller organet lyfte, eller som lyftes på dess möten.",
        "Needs this organisation or body raised, or that were raised at its meetings.",
    ),
    "needs_guide_same": ("Andra har lyft samma sak", "Others have raised the same thing"),
    "needs_see_all": ("Alla behov", "All needs"),
    "needs_map_toggle": ("Visa behov", "Show needs"),
    "needs_map_on": (
        "{bodies} organ tar upp {taken} behov (markerade). {unmet} behov saknar forum.",
        "{bodies} bodies take up {taken} needs (marked). {unmet} needs have no forum.",
    ),
    "needs_map_label": ("{n} behov", "{n} needs"),
    "needs_map_error": ("Behoven kunde inte hämtas.", "The needs could not be loaded."),
    "analysis_needs": ("Behov utan forum", "Needs with no forum"),
    "analysis_needs_help": (
        "Behov i minnesanteckningarna som inget organ tar upp, räknat per tema "
        "(ett behov med flera teman räknas under varje).",
        "Needs in the minutes that no body takes up, counted per theme "
        "(a need with several themes counts under each).",
    ),
    "analysis_needs_row": (
        "{unmet} av {total} behov utan forum",
        "{unmet} of {total} needs with no forum",
    ),
    "analysis_title": ("Analys av samverkan", "Analysis of collaboration"),
    "analysis_lead": (
        "Var är samverkan sårbar, och var saknas något? Uträknat ur kartans kopplingar.",
        "Where is collaboration fragile, and what is missing? Worked out from the map's links.",
    ),
    "analysis_cut": (
        "Där samverkan hänger på ett enda organ",
        "Where collaboration hangs on one body",
    ),
    "analysis_cut_help": (
        "Om något av dessa organ försvinner faller kartan isär "
        "i delar som inte längre hänger ihop.",
        "If one of these bodies disappears, the map falls apart "
        "into pieces that no longer connect.",
    ),
    "analysis_bridges": ("Enda kopplingen mellan två delar", "The only link between two parts"),
    "analysis_bridges_help": (
        "Kopplingar som är den enda förbindelsen mellan två delar av kartan.",
        "Links that are the only connection between two parts of the map.",
    ),
    "analysis_no_path": ("Organ utan väg till beslut", "Bodies with no path to a decision"),
    "analysis_no_path_help": (
        "Forum och nätverk där kartan inte visar hur en fråga når ett beslutande organ.",
        "Forums and networks where the map shows no way for a matter to reach a decision body.",
    ),
    "analysis_themes": ("Teman utan forum", "Themes with no forum"),
    "analysis_themes_help": (
        "Teman som inget råd, forum, nätverk eller arbetsgrupp arbetar med.",
        "Themes that no council, forum, network or working group works on.",
    ),
    "analysis_stale": ("Uppgifter som behöver granskas", "Entries that need a review"),
    "analysis_stale_help": (
        "Organ som inte har granskats på länge, eller aldrig.",
        "Bodies that have not been reviewed for a long time, or never.",
    ),
    "analysis_shared": ("Forum som delar medlemmar", "Forums that share members"),
    "analysis_shared_help": (
        "Par av forum där samma organisationer sitter med; här finns naturliga kontaktytor.",
        "Pairs of forums with the same member organisations: natural points of contact.",
    ),
    "analysis_none": ("Inget att visa.", "Nothing to show."),
    "and_more": ("… och {n} till.", "… and {n} more."),
    "analysis_unavailable": (
        "Analysen är inte tillgänglig just nu.",
        "The analysis is not available right now.",
    ),
    "never_reviewed": ("aldrig granskad", "never reviewed"),
    "shared_members": ("{n} gemensamma medlemmar", "{n} members in common"),
    "parts": ("delar kartan i {n} delar", "splits the map into {n} parts"),
    # matters (issue 17): the "Ärenden" page, matters on body pages, guide and analysis
    "nav_matters": ("Ärenden", "Matters"),
    "matters_title": ("Rådets ärenden", "The council's matters"),
    "matters_lead": (
        "Varje fråga som Samverkansrådet har behandlat enligt minnesanteckningarna: vilken "
        "sorts ärende det var, vad som blev utfallet, vem som tar det vidare, vart det gick "
        "och om det kom tillbaka i senare anteckningar. Allt med källa till raden.",
        "Every question the council has handled according to its minutes: what kind of "
        "matter it was, the outcome, who carries it on, where it went and whether it came "
        "back in later minutes. Everything with its source, to the line.",
    ),
    "matters_filter_kind": ("Typ av ärende", "Kind of matter"),
    "matters_filter_state": ("Läge", "State"),
    "matters_report_back_title": ("Återrapportering", "Report-back"),
    "matters_report_back_help": (
        "Ärenden som skickats vidare, per mottagare. Ett ärende som aldrig nämns i senare "
        "anteckningar har ingen återrapportering i anteckningarna. Det betyder inte att "
        "inget har hänt, bara att anteckningarna inte säger något.",
        "Matters sent elsewhere, by receiving body. A matter never mentioned in later "
        "minutes has no report-back in the minutes. That does not mean nothing happened, "
        "only that the minutes do not say.",
    ),
    "matters_col_body": ("Mottagare", "Receiving body"),
    "matters_col_sent": ("Skickade dit", "Sent there"),
    "matters_col_without": (
        "Utan återrapportering i anteckningarna",
        "Without report-back in the minutes",
    ),
    "matters_timeline": ("Tidslinje: möte för möte", "Timeline: meeting by meeting"),
    "matters_shown_all": ("{n} ärenden.", "{n} matters."),
    "matters_shown_of": ("{n} av {total} ärenden", "{n} of {total} matters"),
    "matters_for_body": ("som gäller", "concerning"),
    "matters_none": ("Inga ärenden.", "No matters."),
    "matters_minutes_label": ("i anteckningarna", "in the minutes"),
    "matters_carried_by": ("Tas vidare av", "Carried on by"),
    "matters_went_to": ("Gick till", "Went to"),
    "matters_stayed": ("stannade i rådet", "stayed in the council"),
    "matters_not_said": ("anges inte i anteckningarna", "not stated in the minutes"),
    "matters_later": ("I senare anteckningar", "In later minutes"),
    "matters_see_matter": ("se ärendet", "see the matter"),
    "matters_no_report_back": (
        "Ingen återrapportering i anteckningarna.",
        "No report-back in the minutes.",
    ),
    "matters_no_later": (
        "Nämns inte i senare anteckningar.",
        "Not mentioned in later minutes.",
    ),
    "matters_api_hint": ("Som data:", "As data:"),
    "matters_on_body": ("Ärenden", "Matters"),
    "matters_sent_here": ("Ärenden som skickats hit", "Matters sent here"),
    "matters_carried_here": ("Ärenden som tas vidare här", "Matters carried on here"),
    "matters_at_meetings": ("Ärenden på mötena", "Matters at the meetings"),
    "matters_all_link": ("Alla ärenden", "All matters"),
    "matters_at_meeting": ("Ärenden", "Matters"),
    "matters_guide_title": ("Rådet har behandlat frågan", "The council has handled the question"),
    "matters_guide_lead": ("Rådet har behandlat frågan:", "The council has handled the question:"),
    "analysis_matters": (
        "Ärenden utan återrapportering",
        "Matters without report-back",
    ),
    "analysis_matters_help": (
        "Ärenden som rådet skickat vidare och som inte nämns i senare anteckningar, per "
        "mottagare. Fråga mottagaren hur det gick och för in svaret i kartan.",
        "Matters the council sent elsewhere that are not mentioned in later minutes, by "
        "receiving body. Ask the body what became of them and add the answer to the map.",
    ),
    "matters_analysis_row": (
        "{n} av {sent} ärenden utan återrapportering: {titles}",
        "{n} of {sent} matters without report-back: {titles}",
    ),
    # about
    "about_title": ("Om Samverkanskartan", "About Samverkanskartan"),
    "about_owner": ("Vem äger kartan?", "Who owns the map?"),
    "about_version": ("Version och datum", "Version and date"),
    "about_version_text": (
        "Dataversion {version}, inläst {loaded}.",
        "Data version {version}, loaded {loaded}.",
    ),
    "about_counts": ("Innehåll", "Contents"),
    "about_sources_until": (
        "Uppgifterna bygger på minnesanteckningar fram till {date}.",
        "The facts come from minutes up to {date}.",
    ),
    "about_history": ("Se alla ändringar i kartan", "See every change to the map"),
    "about_edit": ("Så ändrar man i kartan", "How to change the map"),
    "about_edit_steps": (
        "Kartan är en enda textfil, data/forums.yaml, i projektets git-arkiv. "
        "Anvisningar på svenska finns i data/README.md.|"
        "Ändra eller lägg till ett organ i filen, med källa (vilket protokoll och vilken punkt).|"
        "Kör kartan validate. Den säger på svenska vad som är fel, med rad och kolumn.|"
        "Skicka ändringen som en pull request. Förvaltaren granskar och publicerar.|"
        "Hittar ni ett fel men vill inte redigera filen? "
        "Använd ”Föreslå ändring” på organets sida.",
        "The map is one text file, data/forums.yaml, in the project's git repository. "
        "Instructions in Swedish are in data/README.md.|"
        "Change or add a body in the file, with its source (which minutes and which item).|"
        "Run kartan validate. It says what is wrong, with line and column.|"
        "Send the change as a pull request. The maintainer reviews and publishes it.|"
        "Found a mistake but do not want to edit the file? "
        "Use “Suggest a change” on the body's page.",
    ),
    "about_principles": ("Principer", "Principles"),
    "about_principles_list": (
        "Funktions- och organisationsstyrt, inte personstyrt: kontakt sker via en funktion "
        "(sekreterare, ordförande, samordnare) hos en organisation, aldrig via en privatperson.|"
        "Fakta kommer från minnesanteckningarna, och varje uppgift har sin källa.|"
        "Det som källorna inte säger lämnas tomt och visas som ”saknas”. Inga uppgifter hittas på.|"
        "Lätt att hitta rätt, även utan Teams eller god svenska: sidorna fungerar utan "
        "JavaScript, kan skrivas ut och finns på engelska.",
        "Driven by function and organisation, not by persons: contact goes through a function "
        "(secretary, chair, coordinator) of an organisation, never a private person.|"
        "Facts come from the minutes, and every fact has its source.|"
        "What the sources do not say stays empty and is shown as “missing”. Nothing is made up.|"
        "Easy to find the right place, also without Teams or good Swedish: pages work without "
        "JavaScript, can be printed and exist in English.",
    ),
    "about_data": ("Data och export", "Data and export"),
    "about_data_text": (
        "Hela kartan kan hämtas som data via API:t, dokumenterat på /docs.",
        "The whole map can be downloaded as data through the API, documented at /docs.",
    ),
    "about_api_docs": ("API-dokumentation", "API documentation"),
    "count_nodes": ("organ och organisationer", "bodies and organisations"),
    "count_edges": ("kopplingar", "links"),
    "count_meetings": ("möten", "meetings"),
    "count_sources": ("källdokument", "source documents"),
    "count_themes": ("teman", "themes"),
    # --- pages: small words that used to be written inline (api/pageviews.py) ----------
    "meets_place": ("Plats", "Place"),
    "meets_time": ("Tid", "Time"),
    "meets_frequency": ("Hur ofta", "How often"),
    "member_phrase": ("är {role} i", "is {role} in"),
    "member_phrase_inverse": ("har som {role}", "has as {role}"),
    "reviewed_on": ("granskad {d}", "reviewed {d}"),
    "in_common": ("gemensamma: {names}", "in common: {names}"),
    "translated": ("Översatt från svenska", "Translated from Swedish"),
    "original": ("Original på svenska", "The Swedish original"),
    "swedish_name": ("Svenskt namn", "Swedish name"),
    "valid_inferred": (
        "(tolkning: när det först eller sist nämns i minnesanteckningarna)",
        "(inferred: when the minutes first or last mention it)",
    ),
    "not_found_page": ("Sidan finns inte.", "The page does not exist."),
    "not_found_proposal": (
        "Det finns inget organ med id ”{id}” på kartan.",
        "There is no body with id “{id}” on the map.",
    ),
    # --- changes page (api/routes/changes.py) -------------------------------------------
    "changes_title": ("Ändringar", "Changes"),
    "changes_lead": (
        "Varje ändring av kartans datafil: när, vad och exakt vad som ändrades på kartan.",
        "Every change to the map's data file: when, what, and exactly what changed on the map.",
    ),
    "changes_no_git": (
        "Historiken är inte tillgänglig här; bara den aktuella versionen visas.",
        "The history is not available here; only the current version is shown.",
    ),
    "changes_current": ("Aktuell version", "Current version"),
    "changes_working_tree": ("Ej incheckade ändringar", "Not yet committed"),
    "changes_invalid": (
        "Datafilen var ogiltig i den här versionen:",
        "The data file was invalid in this revision:",
    ),
    "changes_details": ("Visa ändringarna", "Show the changes"),
    "changes_none": ("Inga ändringar i kartans innehåll.", "No changes to the map's content."),
    "changes_newer": ("Nyare", "Newer"),
    "changes_older": ("Äldre", "Older"),
    "changes_page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "changes_revision": ("Version", "Revision"),
    "changes_count": ("{total} ändringar", "{total} changes"),
    "changes_count_one": ("1 ändring", "1 change"),
    "changes_how": (
        "Så föreslår du en ändring: använd Föreslå ändring på sidan för varje organ, eller "
        "läs CONTRIBUTING.md i projektet.",
        "To suggest a change: use Suggest a change on any body's page, or read "
        "CONTRIBUTING.md in the project.",
    ),
    "changes_version": ("Datans version", "Data version"),
    "changes_api": ("Samma sak som JSON", "The same as JSON"),
    "changes_message_original": (
        "Meddelandet skrevs av den som ändrade filen.",
        "The message is written by whoever changed the file, in their own words.",
    ),
    # --- proposal form (api/routes/proposals.py) ----------------------------------------
    "proposal_title": ("Föreslå ändring", "Suggest a change"),
    "proposal_lead": (
        "Föreslå en ändring av {name}. Förslaget kontrolleras mot hela kartan. Du får "
        "antingen kontrollens meddelanden eller en ändringsfil att lämna in som en "
        "ändringsbegäran (pull request). Ingenting sparas här.",
        "Suggest a change to {name}. The proposal is checked against the whole map; you get "
        "either the check's messages or a patch to hand in as a pull request. Nothing is "
        "saved here.",
    ),
    "proposal_no_persons": (
        "Skriv organisationer och funktioner, aldrig namn på personer, e-postadresser "
        "eller telefonnummer.",
        "Write organisations and functions, never people's names, e-mail addresses or "
        "phone numbers.",
    ),
    "proposal_description": ("Beskrivning", "Description"),
    "proposal_description_help": (
        "Kort och i klarspråk: vad gör organet, för vem?",
        "Short and plain: what does the body do, for whom?",
    ),
    "proposal_contact": ("Kontaktväg", "Contact"),
    "proposal_contact_function": ("Funktion", "Function"),
    "proposal_contact_via": ("Via organisation (id)", "Via organisation (id)"),
    "proposal_membership": ("Medlemskap", "Membership"),
    "proposal_member_action": ("Vad ska hända?", "What should happen?"),
    "proposal_member_none": ("Ingen ändring", "No change"),
    "proposal_member_add": ("Ny medlem", "New member"),
    "proposal_member_end": ("Avsluta ett medlemskap", "End a membership"),
    "proposal_member_id": ("Organisation (id)", "Organisation (id)"),
    "proposal_member_role": ("Roll", "Role"),
    "proposal_member_date": ("Datum", "Date"),
    "proposal_member_date_help": (
        "Ny medlem: första dagen (valfritt). Avsluta: sista dagen medlemskapet gällde.",
        "New member: the first day (optional). End: the last day it held.",
    ),
    "proposal_current_members": ("Pågående medlemskap", "Current memberships"),
    "proposal_relation": ("Ny relation", "New relation"),
    "proposal_relation_type": ("Relationstyp", "Relation type"),
    "proposal_relation_to": ("Till nod (id)", "To node (id)"),
    "proposal_relation_label": ("Nyans (valfritt)", "Nuance (optional)"),
    "proposal_sources": ("Källa", "Source"),
    "proposal_sources_help": (
        "Obligatoriskt: källans id och var i den, t.ex. 001 §5. Flera källor skiljs med komma.",
        "Required: the source id and where in it, e.g. 001 §5. Separate several with commas.",
    ),
    "proposal_new_source": ("Ny källa (om den inte finns i listan)", "New source (if not listed)"),
    "proposal_new_source_id": ("Id", "Id"),
    "proposal_new_source_title": ("Titel", "Title"),
    "proposal_new_source_date": (
        "Datum (om det står i dokumentet)",
        "Date (if the document gives it)",
    ),
    "proposal_choose": ("– välj –", "– choose –"),
    "proposal_submit": ("Kontrollera förslaget", "Check the proposal"),
    "proposal_invalid": (
        "Kontrollen hittade fel i kartan med ditt förslag:",
        "The check found errors in the map with your proposal:",
    ),
    "proposal_valid": ("Förslaget är giltigt.", "The proposal is valid."),
    "proposal_patch": ("Ändringsfil för data/forums.yaml", "Patch of data/forums.yaml"),
    "proposal_changes": ("Det här ändras på kartan", "What changes on the map"),
    "proposal_back": ("Tillbaka till", "Back to"),
    "proposal_error": ("Förslaget kunde inte kontrolleras:", "The proposal could not be checked:"),
    "proposal_optional": (
        "Fyll bara i det du vill ändra.",
        "Fill in only what you want to change.",
    ),
    "proposal_api": (
        "Samma kontroll finns som JSON-API: POST /api/proposals.",
        "The same check is a JSON API: POST /api/proposals.",
    ),
    "proposal_send_from_page": (
        "Skicka formuläret från sidan.",
        "Send the form from the page.",
    ),
    "proposal_how_to": (
        "Så lämnar du förslaget:|"
        "1. Kopiera ändringen (rutan ovan).|"
        "2. Öppna data/forums.yaml i projektet på GitHub och klicka på pennan (Edit this file).|"
        "3. Gör samma ändringar: rader som börjar med - tas bort, rader som börjar med + läggs "
        "till (utan tecknet). Siffrorna efter @@ säger på vilken rad ändringen börjar.|"
        "4. Spara som en ny gren (Create a new branch … and start a pull request) och skriv i "
        "mallen varifrån uppgiften kommer.|"
        "Kan du använda git: spara ändringen som forslag.patch och kör git apply forslag.patch.|"
        "Du kan också klistra in ändringen i ett ärende (issue), så för förvaltningsgruppen "
        "in den.",
        "How to hand the proposal in:|"
        "1. Copy the change (the box above).|"
        "2. Open data/forums.yaml in the project on GitHub and click the pencil (Edit this file).|"
        "3. Make the same changes: lines starting with - are removed, lines starting with + are "
        "added (without the sign). The numbers after @@ say on which line the change starts.|"
        "4. Save as a new branch (Create a new branch … and start a pull request) and say in the "
        "template where the facts come from.|"
        "If you use git: save the change as forslag.patch and run git apply forslag.patch.|"
        "You can also paste the change into an issue, and the maintainers will add it.",
    ),
    # --- API documentation page (api/routes/docs.py) ------------------------------------
    "docs_endpoints": ("Anrop", "Endpoints"),
    "docs_parameter": ("parameter", "parameter"),
    "docs_in": ("i", "in"),
    "docs_required": ("krävs", "required"),
    "docs_type": ("typ", "type"),
    "docs_description": ("beskrivning", "description"),
    "docs_yes": ("ja", "yes"),
    "docs_responses": ("Svar", "Responses"),
    "docs_one_of": ("ett av", "one of"),
    "docs_default": ("standard", "default"),
    "docs_intro": (
        "API:t beskrivs på engelska, som fältnamnen. Innehållet är på svenska, med engelska "
        "där datan har det (fält som slutar på _en).",
        "The API is described in English, like its field names. The content is Swedish, "
        "with English where the data has it (fields ending in _en).",
    ),
    "docs_openapi": (
        "Maskinläsbar beskrivning (OpenAPI)",
        "Machine-readable description (OpenAPI)",
    ),
    # --- the static copy of the site (api/site.py, frontend/static/js/static-site.js) ----
    "static_live": (
        "Den här delen kräver den levande tjänsten. Det här är en statisk kopia av kartan.",
        "This part needs the live service. This is a static copy of the map.",
    ),
    "static_question": (
        "Frågor med egna ord kräver den levande tjänsten. Välj i stället ett tema och vem "
        "du är, så visas förslag.",
        "Questions in your own words need the live service. Choose a theme and who you are "
        "instead to see suggestions.",
    ),
    "static_org": (
        "Förslag utifrån er organisation kräver den levande tjänsten. Välj i stället ett "
        "tema och vem ni är, så visas förslag.",
        "Suggestions from your organisation need the live service. Choose a theme and who "
        "you are instead to see suggestions.",
    ),
    "static_org_ignored": (
        "Förslagen nedan bygger på tema och vem ni är; den valda organisationen räknas "
        "bara in i den levande tjänsten.",
        "The suggestions below follow the theme and who you are; the chosen organisation "
        "counts only in the live service.",
    ),
    "static_results": ("Förslag", "Suggestions"),
    "static_none": ("Inga förslag för det valet.", "No suggestions for that choice."),
    "static_why": ("Varför", "Why"),
    "static_path": ("Vägen till beslut", "Path to a decision"),
    "static_open": ("Öppna sidan", "Open the page"),
    "static_map": ("Visa på kartan", "Show on the map"),
    "static_hits_one": ("1 träff", "1 result"),
    "static_hits": ("{n} träffar", "{n} results"),
    "static_notice_title": (
        "Den här delen kräver den levande tjänsten",
        "This part needs the live service",
    ),
    "static_notice_lead": (
        "Det här är en statisk kopia av Samverkanskartan. Att föreslå en ändring och att "
        "ställa en fråga med egna ord kräver den levande tjänsten (kartan som körs med "
        "kartan serve).",
        "This is a static copy of Samverkanskartan. Suggesting a change and asking a "
        "question in your own words need the live service (the map run with kartan serve).",
    ),
    "static_notice_edit": (
        "Vill du ändra något på kartan? Läs CONTRIBUTING.md i projektet: där står hur du "
        "ändrar data/forums.yaml direkt på GitHub.",
        "Want to change something on the map? Read CONTRIBUTING.md in the project: it says "
        "how to change data/forums.yaml directly on GitHub.",
    ),
    # --- who decides, and how to reach them (issue 9) ---------------------------------
    "footer_owner_provisional": (
        "Tills vidare hålls kartan aktuell av",
        "For the time being the map is kept current by",
    ),
    "footer_owner_open": (
        "Vem som äger kartan är inte beslutat (frågan skickades till AU 8 februari 2023).",
        "Who owns the map has not been decided (the question went to the AU on 8 February 2023).",
    ),
    "who_decides_title": ("Vem beslutar?", "Who decides?"),
    "decides_self": (
        "{name} är ett beslutande organ: det beslutar för kommunen.",
        "{name} is a decision body: it decides for the municipality.",
    ),
    "decides_known": ("Beslutar: {name}", "Decides: {name}"),
    "decides_chain": (
        "Så går en fråga härifrån till beslut:",
        "How a matter goes from here to a decision:",
    ),
    # body page summary and folded sections (issue 15)
    "summary_title": ("I korthet", "In brief"),
    "summary_what": ("Vad det är", "What it is"),
    "summary_decides": ("Vem beslutar", "Who decides"),
    "summary_reach": ("Så når du dem", "How to reach them"),
    "summary_take_part": ("Så deltar du", "How to take part"),
    "summary_more": ("Mer", "More"),
    "fold_members": ("Medlemmar", "Members"),
    "fold_relations": ("Relationer", "Relations"),
    "fold_meetings": ("Möten", "Meetings"),
    "fold_needs_matters": ("Behov och ärenden", "Needs and matters"),
    # numbered source notes on body pages (issue 15, helper 15a): superscript [n] in the
    # text, the numbered list folded at the bottom, back-links from each note
    "note_label": ("Källa {n}", "Source {n}"),
    "notes_help": (
        "Siffrorna i texten pekar på källorna nedan: protokoll, paragraf (§) och rad (L).",
        "The numbers in the text point to the sources below: minutes, item (§) and line (L).",
    ),
    "notes_back": ("Tillbaka till texten", "Back to the text"),
    "notes_back_n": ("Tillbaka till ställe {k} i texten", "Back to place {k} in the text"),
    "notes_none": ("Sidan citerar inga källor.", "The page cites no sources."),
    "notes_facts_title": ("Om uppgifterna", "About the facts"),
    "notes_link": ("Källorna, längst ned på sidan", "The sources, at the foot of the page"),
    # body page mending (m5): a fold label that does not repeat the box heading, the fold's
    # label when it holds only needs or only matters, a sentence instead of a bare "saknas"
    "sources_show": ("Visa källorna", "Show the sources"),
    "fold_needs": ("Behov", "Needs"),
    "fold_matters": ("Ärenden", "Matters"),
    "take_part_missing": (
        "Kartan vet inte hur man deltar här.",
        "The map does not know how to take part here.",
    ),
    "decides_unknown": (
        "Kartan vet inte vem som beslutar om detta.",
        "The map does not know who decides on this.",
    ),
    "decides_unknown_help": (
        "Minnesanteckningarna visar ingen kedja härifrån till Kommunfullmäktige, "
        "Kommunstyrelsen eller en nämnd.",
        "The minutes show no chain from here to the municipal council, the executive board "
        "or a committee.",
    ),
    "decides_steering_lead": ("Det egna arbetet styrs av", "Its own work is steered by"),
    "decides_steering_tail": (
        "som inte beslutar för kommunen.",
        "which does not decide for the municipality.",
    ),
    "decides_steering_kind": (
        "Det här är en styrgrupp eller ett arbetsutskott: det styr ett råds eller ett "
        "projekts eget arbete och beslutar inte för kommunen.",
        "This is a steering group or working committee: it steers a council's or a "
        "project's own work and does not decide for the municipality.",
    ),
    "decides_ask": ("Fråga här:", "Ask here:"),
    "decides_ask_self": (
        "{name} själv, som är en ingång (se ”Så når du dem”).",
        "{name} itself, which is an entry point (see “How to reach them”).",
    ),
    "decides_ask_none": (
        "Kartan känner ingen ingång att fråga. Föreslå en ändring om du vet.",
        "The map knows no entry point to ask. Suggest a change if you know.",
    ),
    "raise_title": ("Så kan en fråga lyftas", "Ways to raise a matter"),
    "raise_note": (
        "Att sitta med i ett nätverk, forum eller råd är en väg att lyfta en fråga och "
        "påverka, inte en beslutsväg.",
        "A seat in a network, forum or council is a way to raise a matter and to influence, "
        "not a chain of decision.",
    ),
    "raise_in": ("{name} kan lyfta en fråga i:", "{name} can raise a matter in:"),
    "raise_via": ("via {name}", "through {name}"),
    "raise_none": (
        "Kartan känner inga platser där {name} sitter med.",
        "The map knows no body where {name} has a seat.",
    ),
    "raise_here": (
        "Här kan en fråga lyftas av ledamöter och deltagare ({count}):",
        "Members and participants can raise a matter here ({count}):",
    ),
    "reach_title": ("Så når du dem", "How to reach them"),
    "reach_own": ("{function} via {via}", "{function} through {via}"),
    "reach_borrowed": (
        "{name} har ingen egen kontakt i kartan. Närmast:",
        "{name} has no contact of its own on the map. Nearest:",
    ),
    "reach_borrowed_line": (
        "{function} via {via}, för {holder}",
        "{function} through {via}, for {holder}",
    ),
    "reach_route": ("Vägen dit:", "The way there:"),
    "reach_none": (
        "Kartan känner ingen kontaktväg hit.",
        "The map knows no way to contact this body.",
    ),
    "valid_at": ("Kartan som den såg ut {date}", "The map as it stood on {date}"),
    "valid_at_all": ("Visa dagens karta", "Show today's map"),
    "filter_at": ("Som kartan såg ut den", "As the map stood on"),
    "not_on_map_at": (
        "{id} fanns inte på kartan {date}.",
        "{id} was not on the map on {date}.",
    ),
    "analysis_unknown": ("Vem beslutar? Okänt", "Who decides? Unknown"),
    "analysis_unknown_help": (
        "Organ, finansiering, uppdrag och överenskommelser där kartan inte vet vem som "
        "beslutar: arbetslista för kartans förvaltare. Fyll i en kedja (skickar frågor till, "
        "bereder, beslutar om, ansvarar för, är en del av) när minnesanteckningarna stöder den.",
        "Bodies, funding, assignments and agreements where the map does not know who "
        "decides: the maintainers' work list. Add a chain (sends matters to, prepares, "
        "decides on, responsible for, part of) where the minutes support one.",
    ),
    "analysis_unknown_counts": ("Per typ", "By kind"),
    # --- details of refused requests, both languages in one answer (issue 16: one
    # catalogue; api/ratelimit.py, routes/proposals/guard.py, routes/suggestions/,
    # middleware.py).  detail(key) writes them "svenska (english)."
    "detail_proposal_too_large": (
        "Förslaget är för stort: högst {kb} KB",
        "the proposal is too large: at most {kb} KB",
    ),
    "detail_too_many_proposals": (
        "För många förslag från din adress: högst {rate} i minuten. Försök igen om {wait}",
        "too many proposals from your address: at most {rate} a minute; try again in {wait}",
    ),
    "detail_too_many": (
        "För många {what}; försök igen om {seconds} sekunder",
        "too many{what}; try again in {seconds} seconds",  # what_en: "" (the answer's wording)
    ),
    "detail_request_too_large": (
        "Begäran är för stor: högst {kb} KB",
        "the request is too large: at most {kb} KB",
    ),
    "detail_not_json": ("Skicka JSON (Content-Type: application/json)", "send JSON"),
    "detail_suggestions_unavailable": (
        "Förslagen kan inte tas emot just nu; försök igen om en stund",
        "suggestions cannot be stored right now; try again shortly",
    ),
    "detail_sign_in_first": ("Logga in som förvaltare först", "sign in as a maintainer first"),
    "detail_bad_csrf": (
        "Begäran saknar giltig CSRF-token eller kom från en annan webbplats",
        "the request has no valid CSRF token or came from another site",
    ),
    "detail_cross_site": (
        "Förfrågan kom från en annan webbplats och togs inte emot; använd formuläret på "
        "kartans egen sida",
        "a request from another site was refused: use the map's own form",
    ),
}

# The strings static-site.js needs, handed to it as JSON in each page of the static copy.
STATIC_SITE_KEYS = (
    "static_live",
    "static_question",
    "static_org",
    "static_org_ignored",
    "static_results",
    "static_none",
    "static_why",
    "static_path",
    "static_open",
    "static_map",
    "static_hits_one",
    "static_hits",
)


def pick_lang(query: str | None, cookie: str | None) -> str:
    """Choose the UI language: the query parameter first, then the cookie, then Swedish."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


def text(key: str, lang: str) -> str:
    """Return one UI string; an unknown key is returned as is (and caught by a test)."""
    sv, en = STRINGS.get(key, (key, key))
    return en if lang == "en" else sv


def section(prefix: str, lang: str) -> dict[str, str]:
    """Every string whose key starts with ``prefix``, keyed without it (for one page).

    >>> section("changes_", "en")["title"]
    'Changes'
    """
    n = len(prefix)
    return {k[n:]: text(k, lang) for k in STRINGS if k.startswith(prefix)}


def lines(key: str, lang: str) -> list[str]:
    """A multi-line string (lines separated by ``|``) as a list of lines."""
    return text(key, lang).split("|")


def detail(key: str, **fields: object) -> str:
    """A refusal's ``detail`` in both languages: ``"svenska (english)."``.

    A field ``x_en`` fills ``{x}`` in the English part (``x`` in both otherwise).

    >>> detail("detail_not_json")
    'Skicka JSON (Content-Type: application/json) (send JSON).'
    >>> detail("detail_too_many", what="tips", what_en="", seconds=3)
    'För många tips; försök igen om 3 sekunder (too many; try again in 3 seconds).'
    """
    sv, en = STRINGS[key]
    en_fields = {k: fields.get(k + "_en", v) for k, v in fields.items()}
    return f"{sv.format(**fields)} ({en.format(**en_fields)})."


def translator(lang: str) -> Callable[..., str]:
    """Return ``t(key, **fields)`` for one language; fields fill ``{name}`` slots."""

    def t(key: str, **fields: object) -> str:
        s = text(key, lang)
        return s.format(**fields) if fields else s

    return t
