"""The capability frameworks as first loaded (a data migration reads this).

Titles are the frameworks' own names for their domains and statements; the
summaries and level descriptors are our short paraphrases for the portal,
written to help a student and practice educator see what each one asks.
Admins edit them, or publish a new version, in the Django admin.
"""

PCF = {
    "code": "pcf",
    "name": "Professional Capabilities Framework",
    "version": "2018 refresh",
    "published_on": "2018-06-01",
    "capabilities": [
        (
            "Professionalism",
            "Acting as a registered social worker: accountable, reflective, using supervision "
            "and caring for one's own wellbeing.",
            "Shows reliability and accountability, asks for and uses supervision, and knows "
            "the limits of the student role.",
            "Takes responsibility for own practice and learning, manages a caseload safely and "
            "is ready for the first year in practice.",
        ),
        (
            "Values and Ethics",
            "Applying social work values and ethical principles, and managing the dilemmas "
            "they raise.",
            "Recognises ethical questions in everyday work and talks them through with the "
            "practice educator.",
            "Reasons through competing rights and risks and explains the values behind decisions.",
        ),
        (
            "Diversity and Equality",
            "Recognising diversity and working against discrimination and oppression.",
            "Notices how identity, culture and disadvantage shape people's lives and their "
            "contact with services.",
            "Challenges discrimination and adapts practice so that people are treated fairly.",
        ),
        (
            "Rights, Justice and Economic Wellbeing",
            "Advancing human rights and social and economic justice.",
            "Knows the rights that apply to the people worked with and how poverty affects them.",
            "Uses law and advocacy to uphold rights and help people get what they are entitled to.",
        ),
        (
            "Knowledge",
            "Using theory, research, law and policy in practice.",
            "Links what was learned at university to the work of the placement.",
            "Draws on a range of research and law to explain and plan interventions.",
        ),
        (
            "Critical Reflection and Analysis",
            "Thinking critically and reflecting to inform judgements and decisions.",
            "Reflects on own work with guidance and begins to weigh different explanations.",
            "Analyses complex information and reaches well-reasoned, recorded judgements.",
        ),
        (
            "Skills and Interventions",
            "Engaging people and using the right methods to help them.",
            "Builds working relationships and carries out planned pieces of direct work.",
            "Chooses, uses and reviews interventions with increasing independence.",
        ),
        (
            "Contexts and Organisations",
            "Working within and across organisations, and with other professions.",
            "Understands the host organisation and works alongside other agencies.",
            "Works confidently across agencies and uses organisational processes to help people.",
        ),
        (
            "Professional Leadership",
            "Contributing to the profession's learning and development.",
            "Shares learning with colleagues and peers.",
            "Takes part in the development of others and of practice in the team.",
        ),
    ],
}

KSS = {
    "code": "kss-child-family",
    "name": "Knowledge and Skills Statement for child and family practitioners",
    "version": "2014",
    "published_on": "2014-11-01",
    "capabilities": [
        (
            "Relationships and effective direct work",
            "Building relationships with children and families and doing direct work that helps.",
        ),
        ("Communication", "Communicating clearly with children, families and professionals."),
        ("Child development", "Understanding how children grow and what helps or harms them."),
        (
            "Adult mental ill health, substance misuse, domestic violence, physical ill health "
            "and disability",
            "Understanding how adults' difficulties affect parenting and children.",
        ),
        ("Abuse and neglect of children", "Recognising abuse and neglect and acting on it."),
        (
            "Child and family assessment",
            "Gathering and weighing information to assess children's needs and risks.",
        ),
        (
            "Analysis, decision-making, planning and review",
            "Turning assessment into clear plans, and reviewing them.",
        ),
        (
            "The law and the family and youth justice systems",
            "Using the law that governs children's social care and the courts.",
        ),
        ("The role of supervision", "Using supervision to reflect, learn and keep children safe."),
        (
            "Organisational context",
            "Working within the organisation's procedures, resources and accountability.",
        ),
    ],
}

FRAMEWORKS = [PCF, KSS]
