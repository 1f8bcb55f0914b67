"""A posting's HTML description, written from its facts with the catalog's phrase banks.

Paragraphs and bullet lists in the order real ads use: about the employer, the role,
duties, qualifications (education, experience, credentials, systems), pay, benefits, EEO.
"""

import random
from html import escape

from demo import catalog, places
from demo.posting import DemoPosting

ROLES = {role.key: role for role in (*catalog.ROLES, *catalog.OTHER_ROLES)}


def render_description(posting: DemoPosting, rng: random.Random) -> str:
    role = ROLES[posting.role]
    name = posting.employer.name
    parts = [
        _section(rng, "about", name, [_p(posting.employer.blurb)]),
        _section(rng, "summary", name, [_p(" ".join(filter(None, _summary(posting, rng))))]),
        _section(rng, "duties", name, [_ul(_duties(posting, role, rng))]),
        _section(rng, "qualifications", name, [_ul(_qualifications(posting, rng))]),
    ]
    pay = _pay_lines(posting, rng)
    if pay:
        parts.append(_section(rng, "pay", name, [_p(" ".join(pay))]))
    parts.append(_section(rng, "benefits", name, [_ul(rng.sample(catalog.BENEFITS, 4))]))
    parts.append(f"<p><em>{escape(rng.choice(catalog.EEO_LINES).format(name=name))}</em></p>")
    return "\n".join(parts)


def _section(rng: random.Random, key: str, name: str, body: list[str]) -> str:
    heading = rng.choice(catalog.SECTION_HEADINGS[key]).format(name=name)
    tag = rng.choice(("h3", "strong"))
    title = (
        f"<h3>{escape(heading)}</h3>"
        if tag == "h3"
        else f"<p><strong>{escape(heading)}</strong></p>"
    )
    return "\n".join([title, *body])


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items if item) + "</ul>"


def _summary(posting: DemoPosting, rng: random.Random) -> list[str]:
    role = ROLES[posting.role]
    lines = [f"The {posting.title} {role.summary}."]
    city = posting.city or "our main"
    if posting.arrangement == "remote":
        if posting.remote_scope and posting.remote_scope != "US":
            lines.append(
                catalog.REMOTE_STATE_LINE.format(
                    state_name=places.STATE_NAMES[posting.remote_scope]
                )
            )
        else:
            states = ", ".join(sorted(rng.sample(sorted(places.NATIONAL_STATE_WEIGHTS), 6)))
            lines.append(rng.choice(catalog.REMOTE_LINES).format(states=states))
    elif posting.arrangement == "hybrid":
        lines.append(rng.choice(catalog.HYBRID_LINES).format(city=city))
    else:
        lines.append(rng.choice(catalog.ONSITE_LINES).format(city=city))
    if posting.setting and posting.ehr:
        lines.append(
            rng.choice(catalog.SETTING_LINES).format(
                setting=posting.setting, ehr=posting.ehr, encoder=rng.choice(catalog.ENCODERS)
            )
        )
    if posting.employment_type != "FULL_TIME":
        lines.append(
            {
                "PART_TIME": "This is a part-time position (24 hours per week).",
                "PER_DIEM": "Per diem (PRN) position with flexible scheduling.",
                "TEMPORARY": "Temporary assignment expected to last about six months.",
            }[posting.employment_type]
        )
    return lines


def _duties(posting: DemoPosting, role: catalog.Role, rng: random.Random) -> list[str]:
    code_sets = ", ".join(posting.code_sets) or "ICD-10-CM and CPT"
    team = catalog.LEADER_TEAMS.get(posting.role, "health information")
    chosen = rng.sample(role.duties, min(len(role.duties), rng.randint(3, 5)))
    return [
        duty.format(code_sets=code_sets, ehr=posting.ehr or "the EHR", team=team) for duty in chosen
    ]


def _qualifications(posting: DemoPosting, rng: random.Random) -> list[str]:
    lines = []
    if posting.education:
        other = catalog.OTHER_EDUCATION_LINES.get(posting.role)
        lines.append(other or rng.choice(catalog.EDUCATION_LINES[posting.education]))
    if posting.experience_years is not None:
        years = posting.experience_years
        if years == 0:
            lines.append(catalog.NO_EXPERIENCE)
        else:
            areas = {**catalog.EXPERIENCE_AREAS, **catalog.OTHER_EXPERIENCE_AREAS}
            area = areas[posting.role]
            shown = catalog.WORDS[years] if years in catalog.WORDS and rng.random() < 0.3 else years
            line = rng.choice(catalog.EXPERIENCE_LINES)
            lines.append(line.format(n=shown, years="year" if years == 1 else "years", area=area))
    lines.append(posting.credential_line)
    if posting.code_sets:
        lines.append(f"Working knowledge of {', '.join(posting.code_sets)} guidelines.")
    if posting.ehr and posting.relevant:
        lines.append(f"Experience with {posting.ehr} preferred.")
    if posting.role in catalog.THROUGHPUT_LINES and rng.random() < 0.35:
        lines.append(catalog.THROUGHPUT_LINES[posting.role])
    return lines


def _pay_lines(posting: DemoPosting, rng: random.Random) -> list[str]:
    lines = []
    if posting.pay and posting.pay.in_text:
        lead = rng.choice(
            ("Pay: {text}.", "The pay range for this position is {text}.", "Compensation: {text}.")
        )
        text = posting.pay.text
        # A text that names itself ("Pay range: ...") stands alone.
        lines.append(f"{text}." if ":" in text else lead.format(text=text))
        if posting.pay.form in ("hourly_range", "annual_range", "k_range"):
            lines.append(
                rng.choice(
                    (
                        "Actual pay depends on experience, credentials and location.",
                        "The range shown is base pay; it does not include shift differentials.",
                        "",
                    )
                )
            )
    if posting.bonus:
        lines.append(rng.choice(catalog.BONUS_LINES).format(amount=posting.bonus))
    return [line for line in lines if line]
