"""Tell official (government and legislature) e-mail domains from personal ones.

Members receive strategic planning documents, and an official account is open
to public-records requests, so the join form takes personal addresses only.
Domains are compared after IDNA normalisation (case, full-width forms,
ideographic dots, a trailing dot) and again after folding letters of other
scripts that look like Latin ones, so that a look-alike of an official domain
is refused too.
"""

import re
import unicodedata

# State legislatures and caucuses whose addresses end neither in .gov nor in
# state.XX.us. Staff add more in the site settings ("E-mail domain policy").
LEGISLATURE_DOMAINS = (
    "arkansashouse.org",
    "dccouncil.us",
    "guamlegislature.com",
    "house.mn",
    "ilhousegop.org",
    "kslegislature.org",
    "legvi.org",
    "ncleg.net",
    "pahouse.net",
    "pahousegop.com",
    "palegis.us",
    "pasenate.com",
    "pasenategop.com",
    "senate.mn",
)
OFFICIAL_TOP_LEVEL_DOMAINS = ("gov", "mil")
# legis.*, leg.*, *.legislature.*: a label anywhere but the top level.
OFFICIAL_LABELS = ("legis", "leg", "legislature")
STATE_DOMAIN = re.compile(r"(?:^|\.)state\.[a-z]{2}\.us$")

# The rules above in words, for a front end that explains them before a
# sign-up is refused.
OFFICIAL_DOMAINS_RULE = (
    "Addresses at official (government or legislature) domains are refused: "
    f"every {' or '.join('.' + tld for tld in OFFICIAL_TOP_LEVEL_DOMAINS)} domain, "
    "state.XX.us, any domain with "
    f"{' or '.join(f'“{label}”' for label in OFFICIAL_LABELS)} as a label below "
    f"the top level, the known legislature domains ({', '.join(LEGISLATURE_DOMAINS)}) "
    "and those the site's staff add. Each covers its subdomains."
)

LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k",
        "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r",
        "ѕ": "s", "т": "t", "у": "y", "ԝ": "w", "х": "x", "ԁ": "d", "ь": "b",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y",
        # Latin letters that pass for plain ones
        "ɡ": "g", "ɩ": "i", "ı": "i", "ℓ": "l", "ſ": "s",
    }
)  # fmt: skip


def normalise_domain(domain):
    """The domain as mail servers see it: IDNA-normalised, lower case, no
    trailing dot. Unicode labels stay readable (not punycode)."""
    domain = domain.strip().rstrip(".").rstrip("。．｡")
    try:
        return domain.encode("idna").decode("idna").lower()
    except UnicodeError:
        return domain.lower()


def skeleton(domain):
    """The domain with accents dropped and look-alike letters made Latin."""
    decomposed = unicodedata.normalize("NFKD", domain)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.translate(LOOKALIKES)


def parse_domain_list(text):
    """Domains from a staff-edited list: one per line; "*." and "@" ignored."""
    domains = []
    for line in text.splitlines():
        entry = line.strip().removeprefix("@").removeprefix("*.")
        if entry and not entry.startswith("#"):
            domains.append(normalise_domain(entry))
    return domains


def _within(domain, parents):
    return any(domain == parent or domain.endswith("." + parent) for parent in parents)


def _looks_official(domain, blocked):
    labels = domain.split(".")
    return (
        labels[-1] in OFFICIAL_TOP_LEVEL_DOMAINS
        or bool(STATE_DOMAIN.search(domain))
        or any(label in OFFICIAL_LABELS for label in labels[:-1])
        or _within(domain, LEGISLATURE_DOMAINS)
        or _within(domain, blocked)
    )


def is_official_domain(domain, blocked=(), allowed=()):
    """Whether addresses at `domain` are official ones (and so refused).

    `blocked` and `allowed` are staff-maintained lists of domains (each
    covering its subdomains); `allowed` wins over every rule.
    """
    domain = normalise_domain(domain)
    if _within(domain, allowed):
        return False
    return _looks_official(domain, blocked) or _looks_official(
        skeleton(domain), blocked
    )
