"""Life Story Books' entries in the register of personal data (portal.privacy.register).

A Life Story Book is part of the child's adoption or permanence record: kept
100 years by default (Adoption Agencies Regulations 2005), counted from the
child's date of birth so every part of one book goes at the same time."""

from portal.privacy.register import Whose, kept_while, personal_data

W = Whose
BIRTH = "child__date_of_birth"

personal_data(
    "lifestory.LifeStoryBook",
    whose=(W.CHILD, W.PROFESSIONAL, W.STUDENT, W.CARER),
    fields=("delivered_to",),
    counts_from={"child_birth": BIRTH, "delivered": "delivered_on"},
    people={W.CHILD: "child", W.PROFESSIONAL: "worker", W.STUDENT: "co_worker"},
)
personal_data(
    "lifestory.BookVersion",
    whose=(W.CHILD,),
    fields=("amendment_reason",),
    counts_from={"child_birth": "book__" + BIRTH},
    people={W.CHILD: "book__child"},
)
personal_data(
    "lifestory.Chapter",
    whose=(W.CHILD,),
    fields=("title", "body"),
    counts_from={"child_birth": "version__book__" + BIRTH},
    people={W.CHILD: "version__book__child"},
)
personal_data(
    "lifestory.ChapterComment",
    whose=(W.CHILD, W.PROFESSIONAL),
    fields=("text", "answer"),
    counts_from={"child_birth": "chapter__version__book__" + BIRTH},
    people={W.CHILD: "chapter__version__book__child", W.PROFESSIONAL: "author"},
)
kept_while(
    "casework.Child",
    keeper="lifestory.LifeStoryBook",
    link="child",
    why="A child's identity is part of their adoption or permanence record, kept with the "
    "Life Story Book however short the schedule of children-in-need records is.",
)
personal_data(
    "lifestory.MediaItem",
    whose=(W.CHILD, W.CARER, W.CONTRIBUTOR),
    fields=("caption", "shows", "source", "consent", "file", "thumbnail", "print_version"),
    counts_from={"child_birth": "book__" + BIRTH},
    people={W.CHILD: "book__child"},
)
personal_data(
    "lifestory.BookRender",
    whose=(W.CHILD,),
    fields=("file", "error"),
    counts_from={"child_birth": "book__" + BIRTH},
    people={W.CHILD: "book__child"},
)
personal_data(
    "lifestory.LaterLifeLetter",
    whose=(W.CHILD,),
    fields=("addressed_to", "body", "amendment_reason"),
    counts_from={"child_birth": "book__" + BIRTH},
    people={W.CHILD: "book__child"},
)
personal_data(
    "lifestory.ContributionLink",
    whose=(W.CHILD, W.CONTRIBUTOR, W.PROFESSIONAL),
    fields=("contributor_name", "relationship", "email"),
    counts_from={"child_birth": "book__" + BIRTH},
    people={W.CHILD: "book__child", W.PROFESSIONAL: "created_by"},
)
personal_data(
    "lifestory.Contribution",
    whose=(W.CHILD, W.CONTRIBUTOR),
    fields=("message",),
    counts_from={"child_birth": "link__book__" + BIRTH},
    people={W.CHILD: "link__book__child"},
)
