"""The salutation of a merged letter from the recipient's columns (the table of issue 15)."""

from __future__ import annotations

import pytest

from breach.documents.salutation import contact_line, salutation


@pytest.mark.parametrize(
    ("row", "nl", "en"),
    [
        ({"name": "Mevrouw A. Bakker"}, "Geachte mevrouw Bakker,", "Dear Ms Bakker,"),
        ({"name": "De heer J. van den Berg", "aanhef": "Beste Jan"}, "Beste Jan,", "Beste Jan,"),
        ({"name": "Dhr. P. de Vries-Jansen"}, "Geachte heer De Vries-Jansen,", "Dear Mr De Vries-Jansen,"),
        ({"name": "A. Bakker", "geslacht": "v"}, "Geachte mevrouw Bakker,", "Dear Ms Bakker,"),
        ({"name": "Anne Bakker"}, "Geachte Anne Bakker,", "Dear Anne Bakker,"),
        ({"name": "Bouwbedrijf Hendriks B.V.", "contactpersoon": "mevrouw K. de Jong"}, "Geachte mevrouw De Jong,", "Dear Ms De Jong,"),
        ({"name": "Bakkerij Visser", "soort": "organisatie"}, "Geachte heer/mevrouw,", "Dear Sir or Madam,"),
        ({"name": "Bouwbedrijf Hendriks B.V."}, "Geachte heer/mevrouw,", "Dear Sir or Madam,"),
        ({"name": "Stichting De Linde"}, "Geachte heer/mevrouw,", "Dear Sir or Madam,"),
        ({"name": "", "email": "x@example.nl"}, "Geachte heer/mevrouw,", "Dear Sir or Madam,"),
        ({"titel": "dhr.", "voorletters": "J.", "tussenvoegsel": "van der", "achternaam": "Meer", "name": "J. van der Meer"},
         "Geachte heer Van der Meer,", "Dear Mr Van der Meer,"),
    ],
)
def test_the_salutation_follows_the_columns_never_pastes_the_name_column(row, nl, en):
    assert salutation(row, "nl") == nl
    assert salutation(row, "en") == en


def test_an_organisations_contact_person_goes_into_the_address_block():
    assert contact_line({"name": "Bouwbedrijf Hendriks B.V.", "contactpersoon": "mevrouw K. de Jong"}, "nl") == "T.a.v. mevrouw K. de Jong"
    assert contact_line({"name": "Anne Bakker"}, "nl") is None
