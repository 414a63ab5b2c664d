import pytest

from lifestory.text import ReadingAge, clean_chapter_html, reading_age

SIMPLE = (
    "<h2>My first home</h2>"
    "<p>I lived with Mum and Sam. We had a red door. I had a dog called Pip.</p>"
)
MIDDLE = (
    "<p>When I was seven, we moved to a new house near the river. My school was just around "
    "the corner, and I walked there every morning with my brother.</p>"
)
COMPLEX = (
    "<p>Following considerable deliberation regarding the suitability of the accommodation, "
    "the local authority subsequently determined that an alternative permanent placement "
    "arrangement would be appropriate.</p>"
)


def test_the_tags_a_book_needs_are_kept():
    html = (
        "<h2>My first home</h2><h3>The garden</h3><p>We had a <strong>big</strong> "
        "<b>tree</b> and <em>lots</em> of birds.<br>Sam climbed it.</p>"
        "<ul><li>a swing</li></ul><ol><li>first</li></ol>"
    )

    assert clean_chapter_html(html) == html


def test_scripts_and_styles_are_removed_with_their_content():
    html = "<p>Hello<script>alert('x')</script><style>p{display:none}</style></p>"

    assert clean_chapter_html(html) == "<p>Hello</p>"


def test_attributes_are_removed_from_allowed_tags():
    html = '<p class="x" style="color:red" onclick="steal()">Hi <strong id="a">there</strong></p>'

    assert clean_chapter_html(html) == "<p>Hi <strong>there</strong></p>"


def test_links_images_and_other_tags_lose_their_markup_but_keep_their_words():
    html = (
        '<h1>Big title</h1><p>See <a href="javascript:steal()">this</a>'
        '<img src="x" onerror="steal()"><iframe src="https://example.org"></iframe>'
        "<!-- a note --></p>"
    )

    assert clean_chapter_html(html) == "Big title<p>See this</p>"


def test_simple_text_reads_younger_than_complex_text():
    simple, complex_ = reading_age(SIMPLE), reading_age(COMPLEX)

    assert simple.age == 5
    assert complex_.age == 18
    assert simple.grade < 1 < 12 < complex_.grade
    assert reading_age(MIDDLE).age == 10  # Flesch-Kincaid grade 5.1, plus 5
    assert reading_age(MIDDLE).verdict(10) == "Right for a child of 10"
    assert reading_age(MIDDLE).verdict(7).startswith("May be hard for a child of 7")


def test_a_plain_text_chapter_is_read_the_same_way():
    plain = "My first home\n\nI lived with Mum and Sam. We had a red door. I had a dog called Pip."

    assert reading_age(plain) == reading_age(SIMPLE)


def test_the_verdict_compares_the_reading_age_with_the_childs_age():
    assert reading_age(SIMPLE).verdict(8) == "Right for a child of 8"
    assert reading_age(COMPLEX).verdict(6) == (
        "May be hard for a child of 6: aim for shorter sentences and words"
    )
    assert ReadingAge(age=9, grade=4.0).verdict(9) == "Right for a child of 9"
    assert ReadingAge(age=10, grade=5.0).verdict(9).startswith("May be hard for a child of 9")


@pytest.mark.parametrize("empty", ["", "   ", "<p></p>", "<p> <br> </p>", "<script>x</script>"])
def test_empty_text_asks_for_some_words(empty):
    estimate = reading_age(empty)

    assert estimate == ReadingAge(age=None, grade=None)
    assert estimate.verdict(8) == "Write some text to see its reading age"
