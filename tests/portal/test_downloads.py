"""Every report's CSV download goes through portal.downloads: a file Excel reads as
UTF-8, named as asked, never kept by a shared cache, and no cell a spreadsheet
would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from portal.downloads import csv_response
from tests.programmes.delivery_support import worker_on
from tests.programmes.leaders_support import leader
from tests.programmes.support import childrens_program

BOM = "\ufeff".encode()


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_table_downloads_as_a_csv_file_excel_reads_as_utf8():
    response = csv_response(
        "leaders-2027-05-01.csv", ["Name", "Municipality", "Children"], [["Karin Ek", "Åby", 3]]
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="leaders-2027-05-01.csv"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(BOM)
    assert response.content.count(BOM) == 1
    assert rows_of(response) == [["Name", "Municipality", "Children"], ["Karin Ek", "Åby", "3"]]


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd",
        "\t=1",
        "\r=1",
    ],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(typed):
    response = csv_response("report.csv", ["Team"], [[typed]])

    assert rows_of(response)[1] == ["'" + typed]


@pytest.mark.parametrize("number", ["-0.5", "+3", "-12,5", "7", -1, 2.5])
def test_numbers_and_plain_text_are_written_as_they_are(number):
    response = csv_response("report.csv", ["Mean change", "Team"], [[number, "Duty team"]])

    assert rows_of(response)[1] == [str(number), "Duty team"]


@pytest.mark.parametrize(
    "filename, header",
    [
        ('say "hi".csv', 'attachment; filename="say \\"hi\\".csv"'),
        ("Övik.csv", "attachment; filename*=utf-8''%C3%96vik.csv"),
        ("a\r\nSet-Cookie: x.csv", "attachment; filename*=utf-8''a%0D%0ASet-Cookie%3A%20x.csv"),
    ],
)
def test_a_filename_with_quotes_or_letters_beyond_ascii_cannot_break_the_header(filename, header):
    assert csv_response(filename, ["A"], [])["Content-Disposition"] == header


@pytest.mark.django_db
def test_a_leaders_name_typed_as_a_formula_downloads_as_text(client, clock):
    """The leader register's CSV had no guard before it used csv_response."""
    clock.today_is(date(2027, 5, 1))
    programme = childrens_program()
    leader(
        programme,
        '=HYPERLINK("http://evil.example","Click")',
        issued_on=date(2025, 1, 1),
        expires_on=date(2030, 1, 1),
        organisation="+46 8 123 45",
    )
    client.force_login(worker_on(programme))

    response = client.get(reverse("programmes:leader_export", args=[programme.slug]))

    assert response.status_code == 200
    [row] = rows_of(response)[1:]
    assert row[:2] == ['\'=HYPERLINK("http://evil.example","Click")', "'+46 8 123 45"]
