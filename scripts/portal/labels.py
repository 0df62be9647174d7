"""English labels of field names and coded values, marked for the gettext catalogues.

Pages show a field or a code (`in-progress`, `periodical-issue`) through `label()`, which
returns the English label; templates and page models translate it with the reader's catalogue.
"""
from __future__ import annotations

from .ui import N_

FIELDS = {
    "country": N_("Country"), "relation": N_("Relation"), "status": N_("Status"), "since": N_("Member since"),
    "signed_on": N_("Signed"), "signed_in": N_("Place signed"), "review_on": N_("Valid until / review"),
    "office": N_("Responsible office"), "kind": N_("Kind"), "type": N_("Type"), "starts_on": N_("Starts"),
    "ends_on": N_("Ends"), "city": N_("City"), "venue": N_("Venue"), "organiser": N_("Organiser"),
    "published_on": N_("Published"), "language": N_("Language of the work"), "publisher": N_("Publisher"),
    "isbn": N_("ISBN"), "issn": N_("ISSN"), "pages": N_("Pages"), "duration_minutes": N_("Duration (minutes)"),
    "original_title": N_("Original title"), "year": N_("Year covered"), "adopted_in": N_("Adopted in meeting"),
    "participation": N_("Tehran's participation"), "outcomes": N_("Outcomes"), "acronym": N_("Acronym"),
    "website": N_("Website"),
}

VALUES = {
    # exhibitions.kind
    "exhibition": N_("Exhibition"), "summit": N_("Summit"), "festival": N_("Festival"), "award": N_("Award"),
    "conference": N_("Conference"), "forum": N_("Forum"),
    # findings.type
    "book": N_("Book"), "film": N_("Film"), "cd": N_("CD"), "periodical-issue": N_("Periodical issue"),
    "report": N_("Report"), "article": N_("Article"),
    # council documents.kind
    "strategic-document": N_("Strategic document"), "annual-programme": N_("Annual programme"),
    "study": N_("Study"), "policy-recommendation": N_("Policy recommendation"), "evaluation": N_("Evaluation"),
    "training-report": N_("Training report"),
    # statuses
    "active": N_("Active"), "lapsed": N_("Lapsed"), "historical": N_("Historical"), "ended": N_("Ended"),
    "adopted": N_("Adopted"), "in-progress": N_("In progress"), "implemented": N_("Implemented"),
    "cancelled": N_("Cancelled"),
    # meetings.kind
    "ordinary": N_("Ordinary"), "extraordinary": N_("Extraordinary"),
    # memberships.offices_held.role
    "member": N_("Member"), "board-member": N_("Board member"), "co-president": N_("Co-president"),
    "vice-president": N_("Vice-president"), "president": N_("President"),
    "secretariat-host": N_("Host of the secretariat"), "treasurer": N_("Treasurer"),
    # exhibitions.presented
    "investment-opportunities": N_("Investment opportunities"),
    "technical-engineering-services": N_("Technical and engineering services"),
    "manufacturing": N_("Manufacturing capacity"), "urban-management-experience": N_("Urban management experience"),
    "culture-tourism": N_("Culture and tourism"),
}


def label(code: str) -> str:
    """The English label of a field name or a coded value (untranslated codes show as they are)."""
    return FIELDS.get(code) or VALUES.get(code) or code
