"""Demo content for the public site: a complete bilingual site about the three services.

Idempotent: a page that already exists (found by its slug under its parent, or
as the translation of its source page) is left as it is, so running the seed
again never overwrites an editor's changes. Facts come from the services' own
material (see DOMAIN.md); the wording is ours. Contact addresses use
example.org: the demo must not send anyone to a real team.
"""

from __future__ import annotations

import io
import uuid

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from .blocks import IMAGE_RENDITION
from .models import (
    Audience,
    AudiencePage,
    HomePage,
    IndexPage,
    ServiceContact,
    ServicePage,
    StandardPage,
    Testimonial,
)
from .seed_workflow import seed_editorial_workflow

SITE_NAME = "Practice education portal"
# Testimonials get stable translation keys so the seed can find them again.
TESTIMONIAL_NAMESPACE = uuid.UUID("6f1f4f8e-6a55-4b39-9d0e-7c1d2b9a4e21")
# POP's call to action leads to the families page, which can only be made after
# POP itself: the page is created with this address and linked straight after.
ENTRY_POINT_PLACEHOLDER = "#contact"
ILLUSTRATION_TITLE = "Demo illustration: a school with a path to its door"


def p(*paragraphs: str) -> RichText:
    return RichText("".join(f"<p>{text}</p>" for text in paragraphs))


def bullets(*items: str) -> RichText:
    return RichText("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def heading(text: str, size: str = "h2") -> tuple:
    return ("heading", {"text": text, "size": size})


def cta(heading_text: str, text: str, link_text: str, *, page=None, url: str = "") -> dict:
    return {"heading": heading_text, "text": text, "link_text": link_text, "page": page, "url": url}


# The live figure of certified leaders (registered by the programmes app: cms.facts).
LEADERS = "programmes.certified_leaders"


def facts(*pairs: tuple[str, ...]) -> list[tuple]:
    """Key facts: (label, value) or (label, value, live figure)."""
    return [
        ("fact", {"label": pair[0], "value": pair[1], "figure": pair[2] if len(pair) > 2 else ""})
        for pair in pairs
    ]


def contact(name: str, *, email: str, phone: str = "", hours: str = "") -> list[tuple]:
    return [
        (
            "contact_details",
            {
                "name": name,
                "phone": phone,
                "email": email,
                "address": "",
                "opening_hours": hours,
                "website": "",
            },
        )
    ]


def service_contact(key: str, locale: Locale, **fields) -> list[tuple]:
    """A contact kept as a snippet (one per language, sharing a translation key), so
    editors change it in one place for every page that shows it."""
    found, _ = ServiceContact.objects.get_or_create(
        translation_key=uuid.uuid5(TESTIMONIAL_NAMESPACE, f"contact:{key}"),
        locale=locale,
        defaults=fields,
    )
    return [("service_contact", found)]


@transaction.atomic
def seed_public_site() -> HomePage:
    english, swedish = _locales()
    home = _home(english)
    _default_site(home)
    illustration = _illustration()

    pop = _child(
        home,
        ServicePage,
        slug="positive-outcomes-project",
        title="Positive Outcomes Project",
        summary=(
            "Student social workers on placement give early help to children in two partner "
            "schools, carry out assessments alongside qualified social workers and make Life "
            "Story Books. The project started in September 2020."
        ),
        audiences=[
            Audience.CHILDREN_AND_YOUNG_PEOPLE,
            Audience.PARENTS_AND_CARERS,
            Audience.PROFESSIONALS,
            Audience.STUDENT_SOCIAL_WORKERS,
            Audience.DEGREE_COURSES,
        ],
        entry_point=[
            (
                "call_to_action",
                cta(
                    "Getting support for a child",
                    "Children, young people, parents and carers at our partner schools ask the "
                    "school first. The school contacts us and we plan the sessions together.",
                    "How to ask your school",
                    url=ENTRY_POINT_PLACEHOLDER,
                ),
            )
        ],
        key_facts=facts(
            ("Running since", "September 2020"),
            ("Where", "Two partner schools"),
            ("Sessions", "Weekly, in school, one-to-one or in a small group"),
            ("Usual length", "6 weeks"),
            ("Delivered by", "Student social workers, each with a practice educator"),
        ),
        contact=contact("Positive Outcomes Project team", email="pop@example.org"),
        body=[
            heading("What we do"),
            (
                "paragraph",
                p(
                    "We help children and young people to feel happy, healthy and safe where "
                    "they live and learn. We start by listening: the child tells us what "
                    "matters to them, and we build the work around that.",
                    "The project is also a placement for student social workers. Each student "
                    "is supported by a practice educator while they learn to work directly "
                    "with children and families.",
                ),
            ),
            heading("Three kinds of work"),
            (
                "accordion",
                {
                    "sections": [
                        {
                            "heading": "Early help in schools",
                            "content": p(
                                "The school, the child and their parents agree a plan of "
                                "sessions with us. Sessions happen weekly in school, one-to-one "
                                "or in a small group, and usually run for six weeks."
                            ),
                        },
                        {
                            "heading": "Social work assessments",
                            "content": p(
                                "Students complete assessments that help decide which services "
                                "a family needs. A qualified social worker co-works every "
                                "assessment and stays accountable for it."
                            ),
                        },
                        {
                            "heading": "Life Story Books",
                            "content": p(
                                "A Life Story Book helps a child understand their early life, "
                                "why they moved and who cares for them now."
                            ),
                        },
                    ]
                },
            ),
        ],
    )
    home_sv = _translation(
        home,
        swedish,
        title="Socialt arbete med barn och familjer",
        summary=(
            "Information om tre verksamheter för barn och familjer – Children's Program, "
            "POCAR och Positive Outcomes Project – och om portalen där socionomstudenter, "
            "praktikhandledare och lärosäten dokumenterar praktiken."
        ),
        body=[
            (
                "paragraph",
                p(
                    "Här beskriver vi vad varje verksamhet erbjuder, vem den vänder sig till "
                    "och hur man kommer i kontakt med den.",
                ),
            ),
            (
                "call_to_action",
                cta(
                    "Positive Outcomes Project",
                    "Sidorna om Positive Outcomes Project, ett projekt i England där "
                    "socionomstudenter ger tidigt stöd till barn i skolan, finns bara på engelska.",
                    "Läs om projektet (på engelska)",
                    page=pop,
                ),
            ),
        ],
    )

    pocar = _child(
        home,
        ServicePage,
        slug="pocar",
        title="POCAR: Parenting Our Children and Accessing Recovery",
        summary=(
            "An intensive 16-week programme for parents who have problems with drugs or "
            "alcohol and whose children are known to children's social care."
        ),
        audiences=[Audience.PARENTS_AND_CARERS, Audience.PROFESSIONALS],
        entry_point=[
            (
                "call_to_action",
                cta(
                    "Refer a parent to POCAR",
                    "The child's social worker makes the referral with the online form. We "
                    "contact the parent within two weeks with an assessment date.",
                    "Refer a parent online",
                    url="/programmes/pocar/refer/",
                ),
            )
        ],
        key_facts=facts(
            ("Length", "16 weeks, rolling start"),
            ("Groups", "Monday and Wednesday, 10:30 to 12:00"),
            ("Keywork", "Regular one-to-one sessions with a named care co-ordinator"),
            ("Who refers", "The child's social worker"),
            ("After referral", "Contact within 2 weeks with an assessment date"),
            ("Creche", "Free, for children aged 0 to 5"),
        ),
        contact=contact("POCAR team", email="pocar@example.org", phone="01632 960123"),
        body=[
            heading("What happens during the programme"),
            (
                "paragraph",
                p(
                    "Each parent has regular keywork sessions with their care co-ordinator, "
                    "face to face or by phone, planned around what they need. Parents also "
                    "join two facilitated groups every week. The work covers drug and alcohol "
                    "use, parenting and keeping children safe."
                ),
            ),
            (
                "inset_text",
                "Groups are for women only or for men only. When the men's group is not "
                "running, fathers can still be referred and have one-to-one keywork.",
            ),
            heading("What the programme aims for"),
            (
                "paragraph",
                bullets(
                    "Parents tackle their drug or alcohol use and reach their parenting goals",
                    "Parents feel more confident and less alone",
                    "Children are safer and their home life is more stable",
                ),
            ),
            heading("For the child's social worker"),
            (
                "paragraph",
                p(
                    "We send you an update whenever you ask for one, and a written report when "
                    "the parent finishes the programme."
                ),
            ),
            heading("Evidence"),
            (
                "paragraph",
                p(
                    "An independent evaluation by the New Economics Foundation (2015) found "
                    "that child protection plans among families who completed the programme "
                    "fell by 53% three months after completion and by 85% twelve months after."
                ),
            ),
        ],
    )
    _translation(
        pocar,
        swedish,
        title="POCAR: föräldraskap och väg till återhämtning",
        summary=(
            "Ett intensivt program på 16 veckor för föräldrar som har problem med alkohol "
            "eller droger och vars barn är aktuella hos socialtjänsten."
        ),
        entry_point=[
            (
                "call_to_action",
                cta(
                    "Remittera en förälder till POCAR",
                    "Barnets socialsekreterare gör remissen i webbformuläret (på engelska). Vi "
                    "kontaktar föräldern inom två veckor med en tid för bedömning.",
                    "Remittera via webbformuläret",
                    url="/programmes/pocar/refer/",
                ),
            )
        ],
        key_facts=facts(
            ("Längd", "16 veckor, löpande start"),
            ("Grupper", "Måndag och onsdag kl. 10.30–12.00"),
            ("Enskilda samtal", "Regelbundet med en namngiven samordnare"),
            ("Vem remitterar", "Barnets socialsekreterare"),
            ("Efter remissen", "Kontakt inom 2 veckor med en tid för bedömning"),
            ("Barnpassning", "Gratis, för barn 0–5 år"),
        ),
        contact=contact("POCAR-teamet", email="pocar@example.org", phone="01632 960123"),
        body=[
            heading("Så går programmet till"),
            (
                "paragraph",
                p(
                    "Varje förälder har regelbundna enskilda samtal med sin samordnare, på plats "
                    "eller per telefon, utifrån sina behov. Föräldrarna deltar också i två "
                    "ledda grupper varje vecka. Arbetet handlar om alkohol och droger, "
                    "föräldraskap och barnens säkerhet."
                ),
            ),
            (
                "inset_text",
                "Grupperna är antingen för kvinnor eller för män. När mansgruppen inte pågår "
                "kan pappor ändå remitteras och få enskilda samtal.",
            ),
            heading("Resultat"),
            (
                "paragraph",
                p(
                    "En oberoende utvärdering från New Economics Foundation (2015) visade att "
                    "antalet barnskyddsplaner i familjer som fullföljt programmet minskade med "
                    "53 % tre månader efter avslutat program och med 85 % efter tolv månader."
                ),
            ),
        ],
    )

    # The Children's Program is Swedish: the Swedish page is the source and the
    # English page its translation.
    childrens_program_sv = _child(
        home_sv,
        ServicePage,
        slug="childrens-program",
        title="Children's Program",
        summary=(
            "Ett förebyggande program för barn mellan 7 och 12 år som växer upp i en familj "
            "med missbruk. Programmet pågår fyra dagar i följd och föräldern är med två av "
            "dagarna."
        ),
        audiences=[
            Audience.CHILDREN_AND_YOUNG_PEOPLE,
            Audience.PARENTS_AND_CARERS,
            Audience.PROFESSIONALS,
        ],
        entry_point=[
            (
                "call_to_action",
                cta(
                    "Anmäl intresse",
                    "Familjer börjar med att anmäla intresse här. Ni får veta direkt om nästa "
                    "omgång passar er familj, och annars när den skulle göra det.",
                    "Anmäl intresse på webben",
                    url="/sv/programmes/childrens-program/interest/",
                ),
            )
        ],
        key_facts=facts(
            ("Ålder", "Barn 7–12 år"),
            ("Längd", "Fyra dagar i följd"),
            ("Föräldern", "Deltar två av de fyra dagarna"),
            ("Ledare", "{figure} certifierade ledare i Children's Program", LEADERS),
            ("Stödgrupp", "Före och efter programdagarna"),
        ),
        contact=service_contact(
            "childrens-program-outpatient",
            swedish,
            name="Öppenvården, Familjeprogrammet Norr",
            email="childrensprogram@example.org",
            phone="012-345 67 89",
            address="Storgatan 12\n123 45 Norrby",
            opening_hours="Vardagar 8.00–16.30",
        ),
        body=[
            heading("Varför barnen behöver ett eget stöd"),
            (
                "paragraph",
                p(
                    "Den som har ett missbruk får ofta behandling, men barnen i familjen blir "
                    "lätt utan stöd. Children's Program sätter barnens behov i centrum och "
                    "kompletterar förälderns egen behandling.",
                    "Barnen lär sig att beroende är en sjukdom och att det inte är deras fel. "
                    "Tillsammans med föräldern får de prata om hur det har varit och hitta nya "
                    "sätt att förstå varandra.",
                ),
            ),
            heading("Vem kan delta"),
            (
                "inset_text",
                "Programmet passar när föräldern är i slutet av sin primärbehandling eller går i "
                "eftervård och har varit nykter i minst 30 dagar.",
            ),
            (
                "paragraph",
                p(
                    "Barn som står i kö till eller har gått i en stödgrupp kan delta både före "
                    "och efter gruppen, som en fördjupning."
                ),
            ),
        ],
    )
    childrens_program_en = _translation(
        childrens_program_sv,
        english,
        title="Children's Program",
        summary=(
            "A prevention programme for children aged 7 to 12 who grow up in a family affected "
            "by addiction. It runs over four consecutive days, and the parent joins on two of "
            "them."
        ),
        entry_point=[
            (
                "call_to_action",
                cta(
                    "Register your interest",
                    "Families start by registering their interest here. You are told at once "
                    "whether the next run suits your family, and if not yet, when it would.",
                    "Register your interest online",
                    url="/programmes/childrens-program/interest/",
                ),
            )
        ],
        key_facts=facts(
            ("Ages", "Children aged 7 to 12"),
            ("Length", "Four consecutive days"),
            ("Parents", "Take part on two of the four days"),
            ("Leaders", "{figure} certified Children's Program leaders", LEADERS),
            ("Support group", "Before and after the programme days"),
        ),
        contact=service_contact(
            "childrens-program-outpatient",
            english,
            name="Outpatient team, Familjeprogrammet Norr",
            email="childrensprogram@example.org",
            phone="+46 12 345 67 89",
            address="Storgatan 12\n123 45 Norrby, Sweden",
            opening_hours="Weekdays 8am to 4.30pm",
        ),
        body=[
            heading("Why children need support of their own"),
            (
                "paragraph",
                p(
                    "Treatment usually goes to the person with the addiction, while the "
                    "children in the family are easily left without help. The Children's "
                    "Program puts children's needs first and works alongside the parent's own "
                    "treatment.",
                    "Children learn that addiction is an illness and that it is not their "
                    "fault. With their parent, they talk about what home has been like and find "
                    "new ways to understand each other.",
                ),
            ),
            heading("Who can take part"),
            (
                "inset_text",
                "The programme suits families where the parent is finishing primary treatment "
                "or is in aftercare, and has been sober for at least 30 days.",
            ),
            (
                "paragraph",
                p(
                    "Children who are waiting for, or have been to, a support group can take "
                    "part before or after it, to go deeper."
                ),
            ),
        ],
    )

    testimonials = _testimonials(
        english, swedish, pop=pop, pocar=pocar, childrens_program=childrens_program_sv
    )
    families = _pop_audience_pages(pop, testimonials)
    _link_entry_point(pop, families)
    _about_pages(home, illustration)
    assert childrens_program_en.locale_id == english.pk
    seed_editorial_workflow(home=home)
    return home


def _locales() -> tuple[Locale, Locale]:
    # The migration creates both; a flushed test database may have lost Swedish.
    english = Locale.get_default()
    swedish, _ = Locale.objects.get_or_create(language_code="sv")
    return english, swedish


def _home(locale: Locale) -> HomePage:
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        home = HomePage(
            title="Children's social care practice education",
            slug="welcome",
            locale=locale,
            summary=(
                "Information about three services for children and families, and the portal "
                "where student social workers, practice educators and universities record "
                "practice learning."
            ),
            body=[
                (
                    "paragraph",
                    p(
                        "Read what each service offers, who it is for and how to get in touch. "
                        "The Children's Program and POCAR pages are also in Swedish."
                    ),
                )
            ],
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    return home


def _default_site(home: HomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()


def _child(parent: Page, model, *, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translation(source: Page, locale: Locale, **fields):
    """The source page's translation in `locale`, created through Wagtail's
    translation API (so the two stay linked) and then written in that language."""
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = source.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    return translated


def _illustration():
    """A small drawn illustration, made locally (no download), for the POP page."""
    Image = get_image_model()
    existing = Image.objects.filter(title=ILLUSTRATION_TITLE).first()
    if existing is not None:
        return existing
    if Collection.get_first_root_node() is None:
        # A flushed test database loses the root collection Wagtail's migration made.
        Collection.add_root(name="Root")
    canvas = PillowImage.new("RGB", (1200, 600), "#f3f2f1")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((380, 200, 820, 520), fill="#1d70b8")  # school
    draw.polygon([(350, 210), (600, 60), (850, 210)], fill="#003078")  # roof
    draw.rectangle((560, 380, 640, 520), fill="#ffdd00")  # door
    for x in (420, 700):
        draw.rectangle((x, 260, x + 80, 330), fill="#ffffff")  # windows
    draw.polygon([(560, 520), (640, 520), (900, 600), (300, 600)], fill="#85994b")  # path
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image.objects.create(
        title=ILLUSTRATION_TITLE,
        file=ImageFile(buffer, name="demo-school-illustration.png"),
    )
    # Made now, so the first visitor does not wait for it.
    image.get_rendition(IMAGE_RENDITION)
    return image


def _testimonial(key: str, locale: Locale, **fields) -> Testimonial:
    testimonial, _ = Testimonial.objects.get_or_create(
        translation_key=uuid.uuid5(TESTIMONIAL_NAMESPACE, key), locale=locale, defaults=fields
    )
    return testimonial


def _testimonials(english, swedish, *, pop, pocar, childrens_program) -> dict[str, Testimonial]:
    """Invented quotes in our own words, as a service would collect them (by role, never name)."""
    return {
        "pop-child-topics": _testimonial(
            "pop-child-topics",
            english,
            quote="Every week was about something different, so I got help with lots of things.",
            speaker_role="Pupil, Year 8",
            audience=Audience.CHILDREN_AND_YOUNG_PEOPLE,
            service=pop,
            approved=True,
        ),
        "pop-child-listened": _testimonial(
            "pop-child-listened",
            english,
            quote="She listened properly and helped me when I needed it.",
            speaker_role="Pupil, Year 6",
            audience=Audience.CHILDREN_AND_YOUNG_PEOPLE,
            service=pop,
            approved=True,
        ),
        # Not yet approved: must never appear on the site.
        "pop-parent-pending": _testimonial(
            "pop-parent-pending",
            english,
            quote="My son looked forward to Thursdays for the first time in years.",
            speaker_role="Parent",
            audience=Audience.PARENTS_AND_CARERS,
            service=pop,
            approved=False,
        ),
        "pop-student-range": _testimonial(
            "pop-student-range",
            english,
            quote="I worked on such a wide range of cases that I felt ready for my first job.",
            speaker_role="Student social worker, final placement",
            audience=Audience.STUDENT_SOCIAL_WORKERS,
            service=pop,
            approved=True,
        ),
        "pop-student-statutory": _testimonial(
            "pop-student-statutory",
            english,
            quote=(
                "I could put what I learned at university into practice in a statutory "
                "setting, with my practice educator beside me."
            ),
            speaker_role="Student social worker, first placement",
            audience=Audience.STUDENT_SOCIAL_WORKERS,
            service=pop,
            approved=True,
        ),
        "pocar-parent-creche": _testimonial(
            "pocar-parent-creche",
            english,
            quote="The creche meant I could make it to every group.",
            speaker_role="Parent who completed the programme",
            audience=Audience.PARENTS_AND_CARERS,
            service=pocar,
            approved=True,
        ),
        "pocar-professional-updates": _testimonial(
            "pocar-professional-updates",
            english,
            quote="I always knew how the parent was getting on, and the final report was clear.",
            speaker_role="Child's social worker",
            audience=Audience.PROFESSIONALS,
            service=pocar,
            approved=True,
        ),
        "cp-parent": _translated_testimonial(
            "cp-parent",
            swedish,
            english,
            quote="Det var första gången vi pratade om hur det varit hemma, på riktigt.",
            translated_quote="It was the first time we talked properly about how things were.",
            speaker_role="Förälder",
            translated_role="Parent",
            audience=Audience.PARENTS_AND_CARERS,
            service=childrens_program,
        ),
        "cp-child": _translated_testimonial(
            "cp-child",
            swedish,
            english,
            quote="Jag fattade att det inte var mitt fel.",
            translated_quote="I understood that it wasn't my fault.",
            speaker_role="Barn, 10 år",
            translated_role="Child, aged 10",
            audience=Audience.CHILDREN_AND_YOUNG_PEOPLE,
            service=childrens_program,
        ),
    }


def _translated_testimonial(
    key, locale, target, *, quote, translated_quote, speaker_role, translated_role, **fields
):
    source = _testimonial(
        key, locale, quote=quote, speaker_role=speaker_role, approved=True, **fields
    )
    if source.get_translation_or_none(target) is None:
        translation = source.copy_for_translation(target)
        translation.quote = translated_quote
        translation.speaker_role = translated_role
        translation.save()
    return source


def _link_entry_point(pop: ServicePage, families: AudiencePage) -> None:
    call_to_action = pop.entry_point[0].value
    if call_to_action["page"] is None and call_to_action["url"] == ENTRY_POINT_PLACEHOLDER:
        call_to_action["page"] = families
        call_to_action["url"] = ""
        pop.save_revision().publish()


def _pop_audience_pages(pop: ServicePage, testimonials: dict[str, Testimonial]) -> AudiencePage:
    families = _child(
        pop,
        AudiencePage,
        slug="children-young-people-and-families",
        title="Children, young people and families",
        audience=Audience.CHILDREN_AND_YOUNG_PEOPLE,
        summary=(
            "How we work with children, young people and their families at our partner "
            "schools, and how to ask for support."
        ),
        body=[
            heading("How we help"),
            (
                "paragraph",
                p(
                    "We get to know you first and listen to what you want help with. Sessions "
                    "can be about feeling more confident, coping when things are hard, staying "
                    "safe online, friendships and the people you can trust.",
                    "Sessions take place once a week at school, on your own or in a small "
                    "group, and usually last for six weeks.",
                ),
            ),
            (
                "call_to_action",
                cta(
                    "Ask your school",
                    "Tell your teacher, form tutor or the school's safeguarding lead that you "
                    "would like support from the Positive Outcomes Project. Parents and carers "
                    "can ask the school too. The school gets in touch with us, and then we "
                    "agree a plan together with you.",
                    "Contact the POP team",
                    url="mailto:pop@example.org",
                ),
            ),
            ("warning_text", "If a child is in immediate danger, call 999."),
        ],
    )
    _child(
        pop,
        AudiencePage,
        slug="professionals",
        title="Professionals",
        audience=Audience.PROFESSIONALS,
        summary=(
            "Early help in two partner schools, social work assessments for children in need, "
            "and Life Story Books, delivered by supervised student social workers."
        ),
        body=[
            heading("Direct work in schools"),
            (
                "paragraph",
                p(
                    "We agree a plan of sessions with the school, the child and their parents. "
                    "Work is one-to-one or in groups, weekly, and usually lasts six weeks. "
                    "Themes include:"
                ),
            ),
            (
                "paragraph",
                bullets(
                    "self-esteem and confidence",
                    "emotional resilience",
                    "safe networks and problem solving",
                    "staying safe online",
                    "domestic abuse",
                    "criminal exploitation and gangs",
                ),
            ),
            heading("Assessments and Life Story Books"),
            (
                "paragraph",
                p(
                    "Students complete assessments for children in need and their families, "
                    "co-worked by a qualified social worker who remains accountable. We also "
                    "make Life Story Books for children placed permanently away from their "
                    "birth family."
                ),
            ),
            (
                "call_to_action",
                cta(
                    "Talk to us about a child",
                    "Schools and colleagues can discuss a possible referral with the team.",
                    "Email the POP team",
                    url="mailto:pop@example.org",
                ),
            ),
        ],
    )
    _child(
        pop,
        AudiencePage,
        slug="student-social-workers",
        title="Student social workers",
        audience=Audience.STUDENT_SOCIAL_WORKERS,
        summary=(
            "A placement with a dedicated practice educator, weekly supervision and direct "
            "work with children and families, from early help to statutory practice."
        ),
        body=[
            heading("What your placement looks like"),
            (
                "paragraph",
                p(
                    "Your practice educator works alongside you and meets you for supervision "
                    "every week. You plan and deliver direct work with children in school and "
                    "complete assessments with a qualified social worker, who stays responsible "
                    "for the case.",
                ),
            ),
            ("quote", testimonials["pop-student-statutory"]),
        ],
    )
    _child(
        pop,
        AudiencePage,
        slug="social-work-degree-courses",
        title="Social work degree courses",
        audience=Audience.DEGREE_COURSES,
        summary=(
            "What students on your course learn with us, and how we support them during the "
            "placement."
        ),
        body=[
            heading("Learning on placement"),
            (
                "paragraph",
                p(
                    "Students gain experience with children and young people from early, "
                    "preventative help through to statutory intervention. Each has a dedicated "
                    "practice educator and weekly supervision.",
                    "We hope students go on to become excellent social workers, and that some "
                    "come back to join us once they qualify.",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": "At a glance",
                    "facts": [
                        {"label": "Supervision", "value": "Weekly, with a practice educator"},
                        {"label": "Direct work", "value": "In two partner schools"},
                        {"label": "Statutory work", "value": "Co-worked assessments"},
                    ],
                },
            ),
        ],
    )
    return families


def _about_pages(home: HomePage, illustration) -> None:
    about = _child(
        home,
        IndexPage,
        slug="about",
        title="About this site",
        summary="Who runs this site, how we make it accessible and how we handle your data.",
    )
    _child(
        about,
        StandardPage,
        slug="about-us",
        title="About us",
        summary=(
            "This site brings together information about three services for children and "
            "families, and the portal used for social work practice learning."
        ),
        body=[
            (
                "paragraph",
                p(
                    "The Positive Outcomes Project and POCAR work in England; the Children's "
                    "Program runs in Sweden. Student social workers, practice educators and "
                    "universities use the signed-in portal to record placements."
                ),
            ),
            (
                "image",
                {
                    "image": illustration,
                    "alt_text": "Drawing of a school building with a path leading to its door",
                    "caption": "Much of the Positive Outcomes Project's work happens in school.",
                },
            ),
        ],
    )
    _child(
        about,
        StandardPage,
        slug="accessibility-statement",
        title="Accessibility statement",
        summary="How accessible this site is, and how to tell us about a problem.",
        body=[
            (
                "paragraph",
                p(
                    "We want as many people as possible to be able to use this site. You "
                    "should be able to zoom in to 400% without text spilling off the screen, "
                    "use the whole site with a keyboard, and use it with a screen reader.",
                    "We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at "
                    "level AA. Every page type is checked automatically with axe-core and by "
                    "keyboard before each release.",
                ),
            ),
            heading("Reporting a problem"),
            (
                "paragraph",
                p(
                    "If something on this site does not work for you, email "
                    "accessibility@example.org and tell us the page and the problem."
                ),
            ),
        ],
    )
    _child(
        about,
        StandardPage,
        slug="privacy-notice",
        title="Privacy notice",
        summary="What we collect when you use this site, why, and your rights.",
        body=[
            heading("Reading the public pages"),
            (
                "paragraph",
                p(
                    "You can read every public page without signing in. We do not use "
                    "advertising or tracking cookies.",
                    "If you answer “Was this page useful?”, we keep your answer and any comment "
                    "you write, with the page and the time. We do not store your IP address or "
                    "anything else that identifies you. Please do not write personal details "
                    "in a comment.",
                ),
            ),
            heading("The signed-in portal"),
            (
                "paragraph",
                p(
                    "The portal holds records about placements and, for some services, about "
                    "children and families. Only people with a role in that work can see them, "
                    "and every time someone opens a child's record the portal logs who and when."
                ),
            ),
            heading("Your rights"),
            (
                "paragraph",
                p(
                    "You can ask for a copy of the information we hold about you, and we will "
                    "answer within one month. Email dataprotection@example.org."
                ),
            ),
            (
                "warning_text",
                "If you are worried about a child's safety, do not use the feedback form: call "
                "999 in an emergency.",
            ),
        ],
    )
    _privacy_notices(about)


# The privacy notices for each audience; forms that collect personal data link to
# them (cms.privacy.PRIVACY_NOTICES names the same addresses).
def _privacy_notices(about: IndexPage) -> None:
    hub = StandardPage.objects.child_of(about).get(slug="privacy-notice")
    _child(
        hub,
        StandardPage,
        slug="children-and-families",
        title="Privacy notice for children's parents and carers",
        summary="What we keep about your child and your family, why, for how long, and "
        "how to see it or ask us to change it.",
        body=[
            heading("What we keep"),
            (
                "paragraph",
                p(
                    "When a school asks us to work with your child, we keep your child's name, "
                    "date of birth, school and year group, your name and how to contact you, "
                    "what the school told us, and the notes of each session with your child.",
                    "If we have to act to keep your child safe, we keep a record of what "
                    "happened and what we did. That record cannot be changed afterwards; we "
                    "can only add to it.",
                ),
            ),
            heading("Why we keep it"),
            (
                "paragraph",
                p(
                    "To plan the work with your child, to check it helps, and to protect "
                    "children. The law lets councils keep these records to do this work.",
                ),
            ),
            heading("Who can see it"),
            (
                "paragraph",
                p(
                    "Only the people doing the work: the student working with your child, "
                    "their practice educator, our co-ordinators and, for what the school "
                    "needs, a named contact at the school. Every time someone opens your "
                    "child's record, we write down who and when.",
                ),
            ),
            heading("How long we keep it"),
            (
                "paragraph",
                p(
                    "Until your child is 25. Then we remove names and anything else that "
                    "could identify them. If a court or an inquiry needs the record, we may "
                    "keep it longer, and we will tell you why.",
                ),
            ),
            heading("Your rights"),
            (
                "paragraph",
                p(
                    "You can ask for a copy of everything we hold about your child or you, ask "
                    "us to correct something that is wrong, or ask us to stop using or delete "
                    "it. We answer within one month. Email dataprotection@example.org or ask "
                    "the person working with your child.",
                ),
            ),
        ],
    )
    _child(
        hub,
        StandardPage,
        slug="for-children",
        title="Your information: a page for children",
        summary="What we write down about you, who can read it, and what you can ask.",
        body=[
            (
                "paragraph",
                p(
                    "When you meet someone from our team, they write down a few things: your "
                    "name, your birthday, your school, and what you talked about and did "
                    "together.",
                    "They write it down so they remember what helps you, and so they can "
                    "check that you are safe.",
                ),
            ),
            heading("Who can read it?"),
            (
                "paragraph",
                p(
                    "Only the grown-ups who work with you. The computer remembers every time "
                    "someone reads it.",
                ),
            ),
            heading("What can I ask?"),
            (
                "paragraph",
                bullets(
                    "You can ask to see what we wrote about you.",
                    "You can tell us if something is wrong, and we will fix it.",
                    "You can ask a grown-up you trust to ask for you.",
                ),
            ),
            (
                "warning_text",
                "If you are not safe right now, tell a teacher or call Childline on 0800 1111.",
            ),
        ],
    )
    _child(
        hub,
        StandardPage,
        slug="students",
        title="Privacy notice for student social workers",
        summary="What the portal keeps about your placement, who sees it, and for how long.",
        body=[
            heading("What we keep"),
            (
                "paragraph",
                p(
                    "Your name and email, your university and course, your placements: the "
                    "days you record, your learning agreement, evidence and reflections, "
                    "supervision records, observations, reviews and your final report.",
                ),
            ),
            heading("Who sees it"),
            (
                "paragraph",
                p(
                    "Your practice educator and on-site supervisor, your tutor and your "
                    "university's placement team, and our co-ordinators. Your university sees "
                    "your progress; it never sees the names of the children or families you "
                    "work with.",
                ),
            ),
            heading("How long we keep it"),
            (
                "paragraph",
                p(
                    "Six years after the placement ends, for appeals and questions about your "
                    "registration. Then we remove your name and details from the records.",
                ),
            ),
            heading("Your rights"),
            (
                "paragraph",
                p(
                    "You can ask for a copy of everything the portal holds about you, ask us "
                    "to correct it, or ask us to delete what we do not have to keep. We answer "
                    "within one month: email dataprotection@example.org.",
                ),
            ),
        ],
    )
    _child(
        hub,
        StandardPage,
        slug="professionals",
        title="Privacy notice for professionals",
        summary="For practice educators, tutors, school contacts and social workers who "
        "use the portal or refer to our services.",
        body=[
            heading("What we keep"),
            (
                "paragraph",
                p(
                    "Your name, work email, organisation and role, what you write in the "
                    "portal, and when you signed in. When you refer a child, we keep your "
                    "name with the referral.",
                ),
            ),
            heading("Why"),
            (
                "paragraph",
                p(
                    "To give you the access your role needs, to show who wrote and signed each "
                    "record, and to keep the log of who read a child's record.",
                ),
            ),
            heading("How long we keep it"),
            (
                "paragraph",
                p(
                    "Your account is anonymised six years after you last signed in. Your name "
                    "on records you wrote stays as long as the record is kept.",
                ),
            ),
            heading("Your rights"),
            (
                "paragraph",
                p(
                    "Ask for a copy of your data, a correction or deletion at "
                    "dataprotection@example.org; we answer within one month.",
                ),
            ),
        ],
    )
