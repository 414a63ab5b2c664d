"""Names for the scale data: common in England and Wales, drawn separately, so
the same name turns up now and then, as it does in a real cohort."""

FIRST_NAMES = (  # noqa: SIM905 - a list of words reads best as words
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Florence "
    "Emily Ella Poppy Evie Elsie Charlotte Aisha Maryam Zara Priya Hannah Chloe Jessica Lucy "
    "Noah Oliver George Leo Arthur Muhammad Harry Oscar Archie Henry Theodore Freddie Jack "
    "Charlie Theo Alfie Jacob Thomas Finley Arlo Isaac Daniel Kofi Tariq Ravi Samuel Joseph"
).split()
SURNAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner "
    "Martin Cooper Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris "
    "Khan Scott Watson Davis Parker James Bennett Young Phillips Richardson Mitchell Bailey "
    "Carter Cook Singh Shaw Bell Collins Morgan Kelly Begum Miller Cox Hussain Marshall "
    "Simpson Price Anderson Adams Wilkinson Ali Ahmed Foster Ellis Murphy Chapman Mason Gray "
    "Richards Webb Griffiths Hunt Palmer Campbell Holmes Mills Rogers Barnes Knight Matthews "
    "Barker Powell Stevens Kaur Fisher Butler Dixon Russell Harvey Pearson Graham Okafor Mensah"
).split()
# Towns for organisations' names (none of the demo's: seed_demo's names stay its own).
PLACES = (  # noqa: SIM905
    "Ashford Barford Castleton Denholme Eastleigh Fairfield Greenhill Hartwell Ingleby "
    "Kingsmere Langley Marston Newbold Oakham Pendle Queensbury Redbridge Stanford Thornbury "
    "Upton Wexham Yarwell Ashby Brampton Colwick Dunmore Elmstead Fenwick Glenholme Hawkridge"
).split()
