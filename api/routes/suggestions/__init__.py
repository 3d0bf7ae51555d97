"""Suggestions from anyone, and the maintainers' inbox: pages and JSON API.

Anyone (no account):

* ``GET /tipsa`` – the form "Tipsa om en ändring" (the same form is on every body page);
  ``POST /tipsa`` stores the tip and redirects to its public page ``GET /tipsa/{id}``,
  which shows its status, never the contact;
* ``POST /api/suggestions`` (JSON) → 201 ``{"id", "status"}``;
  ``GET /api/suggestions/{id}/status`` – the public status.

Maintainers (signed in; a session cookie ``kartan_session``: HttpOnly, SameSite=Strict,
Secure behind HTTPS):

* ``POST /api/login`` (JSON ``name``, ``password``) → 204 + cookie (and the session's
  CSRF token in the ``X-CSRF-Token`` header), ``POST /api/logout``;
* ``GET /api/suggestions`` and ``GET /api/suggestions/{id}`` (with the contact);
* ``POST /api/suggestions/{id}/accept`` (the structured change, as ``POST /api/proposals``)
  → a commit on ``forslag/{id}``: ``{"branch", "commit", ...}``;
  ``POST /api/suggestions/{id}/reject`` (``reason``);
* pages: ``/forvaltning/logga-in``, ``/forvaltning`` (the inbox),
  ``/forvaltning/forslag/{id}`` (shape the change, check it, accept or reject).

Without a session the API answers 401 and the pages redirect to the sign-in page.
Every state-changing form carries a CSRF token (the visitor's and the sign-in form: a
double-submit cookie ``kartan_csrf``; a maintainer's forms: the session's token) and
a cross-site ``Origin`` is refused: 403.  JSON POSTs must be ``application/json`` (415),
which a cross-site form cannot send; the maintainers' JSON POSTs also need the
``X-CSRF-Token`` header.
"""

from fastapi import APIRouter

from api.routes.suggestions import api, pages
from api.routes.suggestions.common import BoundedRoute

router = APIRouter(route_class=BoundedRoute)
router.include_router(api.router)
router.include_router(pages.router)
