"""Given names that say whether "he" or "she" can mean a person: the commonest English-language
first names of each, and none that is given to both often (Morgan, Jordan, Taylor, Alex, Jamie,
Chris, Sam, Kelly, Andrea) or that is also a family name written first (Kim Jong Un).

A listed name rules a referent out ("she" is never "Walter Grady Roberts") and lets a pronoun fall
back on the one person in view whose gender is known; it also tells a person's name from a film's
or a place's ("Julia Roberts", not "Pretty Woman"). A name not listed says nothing.
"""

from __future__ import annotations

HE = frozenset("""
aaron adam adrian ahmed alan albert alexander alfred andrew anthony antonio arnold arthur barack barry ben benjamin
bernard bernie bill billy bob bobby boris brad bradley brandon brett brian bruce bryan calvin carl carlos charles
christopher clarence clint colin craig dale dan daniel danny darren dave david dennis derek dick dmitry
don donald doug douglas duncan dwight earl eddie edward elon emmanuel eric ernest eugene frank franklin fred frederick
gary gavin george gerald glenn gordon graham greg gregory harold harry harvey hector henry herbert howard hugh ian
ivan jack jacob jake james jason jay jean-claude jeff jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon
jonathan jose joseph joshua juan justin keith ken kenneth kevin larry lawrence leonard leo louis luis
malcolm marco mark martin matt matthew max michael mike mitch mitt mohammed muhammad nathan neil nicholas nick noah
norman oliver omar oscar patrick paul peter phil philip raymond richard rick robert rodney roger ron ronald roy rudy
russell ryan samuel scott sean sergei seth stanley stephen steve steven stuart ted thomas tim timothy todd
tom tommy tony travis tyler vincent vladimir walter wayne william willie xi yuri zachary
""".split())
SHE = frozenset("""
abigail alice alison amanda amber amy angela angelina ann anna anne ariana barbara betty beverly brenda
brittany carol caroline carolyn catherine cathy charlotte cheryl christina christine cindy claire cynthia deborah
debra denise diana diane donna dorothy elizabeth ellen emily emma erin eva evelyn frances gina gloria grace hannah
heather helen hillary irene jacqueline jane janet janice jennifer jessica jill joan joyce judith judy julia julie
karen kate katherine kathleen kathryn kathy katie kimberly kristen kristine laura lauren linda lisa liz
lori louise lucy madeline margaret maria marie marilyn marissa martha mary megan melania melissa michelle monica
nancy natalie nicole nina olivia pamela patricia paula peggy rachel rebecca rita rose ruth sally samantha sandra
sara sarah sharon shirley sophia stephanie susan suzanne tammy teresa theresa tiffany tina valerie victoria
virginia wendy
""".split())


def gender_of_name(name: str) -> str | None:
    """"he" or "she" when the name's given name (its first word, or the first word before the surname
    that is a given name: "Hanford police Detective Richard Pontecorvo") is one listed above; else None."""
    words = [w.strip(".,").lower() for w in name.split()]
    words = [w for w in words if w not in _TITLES]
    given = next((w for w in words[:-1] if w in HE or w in SHE), words[0] if words else "")
    return "he" if given in HE else "she" if given in SHE else None


# the words that title a person before the name ("President Barack Obama", "Det. Richard Pontecorvo")
PERSON_TITLES = frozenset("""
Mr Mrs Ms Dr Prof Professor Sen Senator Rep Gov Governor Gen General Lt Col Maj Capt Det Detective Rev Sir Dame Lord
Lady President Vice Prime Minister Secretary Judge Justice Mayor Chief Ambassador Bishop King Queen Prince Princess
Pope Father Sister
""".split())
_TITLES = frozenset(t.lower() for t in PERSON_TITLES) | {"the", "actor", "actress"}
