"""What the synthetic postings are made of: roles, credentials and phrase banks.

Everything here is invented for the demo (no real employer or posting). Pay levels sit
around BLS OEWS May 2024 national figures (29-2072 median $24.16/hr, 29-9021 median
$32.36/hr, 11-9111 median $117,960), so the benchmarks on the dashboard look sensible.
"""

from dataclasses import dataclass

# -- roles ----------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A kind of job: its titles, intended SOC code, pay band and what its ads ask for."""

    key: str
    titles: tuple[str, ...]
    soc: str | None  # the code a careful reader would give it; None for non-health work
    period: str  # "hour" or "year": how employers usually quote its pay
    pay: tuple[float, float]  # national band of the posted range (low end, high end)
    education: tuple[str, ...]  # floors an ad may state (None: says nothing)
    experience: tuple[int, int]  # years asked, low..high
    credentials: tuple[str, ...]  # credential phrase keys, see CREDENTIAL_LINES
    duties: tuple[str, ...]
    summary: str
    remote_share: float  # share of ads for this role that are remote (before employer bias)

    @property
    def relevant(self) -> bool:
        return self.soc is not None


CODING_DUTIES = (
    "Assign accurate {code_sets} codes from review of the complete health record",
    "Abstract required data elements and enter them in {ehr} and the encoder",
    "Query providers through the compliant query process when documentation is unclear",
    "Resolve coding edits and claim holds within departmental turnaround standards",
    "Meet productivity and 95% accuracy standards confirmed by internal audit",
    "Keep current with Coding Clinic guidance, NCCI edits and payer policy updates",
    "Work discharged-not-final-billed (DNFB) and work-queue accounts in priority order",
)
RECORDS_DUTIES = (
    "Scan, index and quality-check paper documents into {ehr}",
    "Assemble and analyze records for completeness and route deficiencies to providers",
    "Merge duplicate medical record numbers and correct misfiled documents",
    "Answer the HIM phone line and assist patients, clinics and providers",
    "Maintain confidentiality of protected health information under HIPAA",
    "Track incomplete records and send reminders to physicians on the deficiency list",
)
ROI_DUTIES = (
    "Process requests for release of information from patients, attorneys, insurers and agencies",
    "Validate authorizations against HIPAA, state law and 42 CFR Part 2 requirements",
    "Log requests, invoice per state fee schedules and track turnaround times",
    "Prepare and release records electronically from {ehr} and the ROI tracking system",
    "Respond to subpoenas and court orders under the direction of the HIM supervisor",
)
CDI_DUTIES = (
    "Conduct concurrent and retrospective reviews of inpatient records in {ehr}",
    "Issue compliant, non-leading queries to clarify diagnoses and severity of illness",
    "Assign working MS-DRG and APR-DRG and reconcile them with final coding",
    "Educate physicians and advanced practice providers on documentation requirements",
    "Track query response rates, CC/MCC capture and CMI trends for monthly reporting",
)
REGISTRY_DUTIES = (
    "Identify reportable cancer cases through casefinding from pathology and {ehr}",
    "Abstract cases to NAACCR and CoC STORE standards within required timeframes",
    "Perform annual follow-up on patients in the registry",
    "Prepare data for tumor board, cancer committee and state registry submissions",
    "Support Commission on Cancer accreditation and quality studies",
)
ANALYST_DUTIES = (
    "Build reports and dashboards on coding, DNFB, record completion and denials",
    "Validate data extracted from {ehr} and reconcile it against billing systems",
    "Write SQL queries and maintain data definitions for HIM metrics",
    "Support quality, registry and regulatory reporting with reliable data",
    "Present findings to HIM and revenue cycle leadership",
)
LEADER_DUTIES = (
    "Lead the {team} team, including hiring, scheduling, coaching and performance reviews",
    "Monitor productivity, quality and turnaround metrics and act on trends",
    "Ensure compliance with HIPAA, CMS, Joint Commission and state regulations",
    "Partner with revenue cycle, CDI, compliance and IT on workflow changes in {ehr}",
    "Prepare and manage the department budget and vendor contracts",
    "Develop policies and procedures and keep them current",
)

ROLES: tuple[Role, ...] = (
    Role(
        "coder_outpatient",
        (
            "Medical Coder I",
            "Medical Coder II",
            "Outpatient Coder",
            "Outpatient Coding Specialist",
            "Emergency Department Coder",
            "Medical Coder - Ambulatory Surgery",
            "Coding Specialist - Outpatient",
        ),
        "29-2072",
        "hour",
        (20.0, 30.5),
        ("high_school", "certificate", "associate"),
        (1, 3),
        ("coder_core", "coder_ahima", "cca_entry"),
        CODING_DUTIES,
        "codes outpatient, emergency and ambulatory surgery encounters",
        0.35,
    ),
    Role(
        "coder_inpatient",
        (
            "Inpatient Coding Specialist",
            "Inpatient Coder III",
            "Senior Inpatient Coder",
            "DRG Coding Specialist",
            "Inpatient Medical Coder",
        ),
        "29-2072",
        "hour",
        (27.0, 38.5),
        ("high_school", "associate", "certificate"),
        (2, 5),
        ("ccs_required", "coder_ahima"),
        CODING_DUTIES,
        "codes inpatient acute care records and assigns MS-DRG and APR-DRG",
        0.45,
    ),
    Role(
        "coder_profee",
        (
            "Pro-Fee Coder",
            "Professional Fee Coder",
            "Physician Coder",
            "Coding Specialist - Professional Services",
            "Surgical Coder",
        ),
        "29-2072",
        "hour",
        (21.0, 29.0),
        ("high_school", "certificate"),
        (1, 3),
        ("profee", "coder_core"),
        CODING_DUTIES,
        "codes physician and professional services, including E/M levels and modifiers",
        0.4,
    ),
    Role(
        "risk_adjustment",
        (
            "Risk Adjustment Coder (HCC)",
            "HCC Coding Specialist",
            "Risk Adjustment Coding Specialist",
            "Risk Adjustment Coder - Medicare Advantage",
        ),
        "29-2072",
        "hour",
        (24.0, 33.0),
        ("high_school", "certificate"),
        (2, 3),
        ("risk_adjustment",),
        CODING_DUTIES,
        "reviews records for HCC capture and risk adjustment data validation",
        0.6,
    ),
    Role(
        "coding_auditor",
        (
            "Coding Auditor",
            "Coding Quality Auditor",
            "Coding Compliance Auditor",
            "Senior Coding Auditor",
        ),
        "29-2072",
        "year",
        (68000, 94000),
        ("associate", "bachelor"),
        (3, 5),
        ("auditor",),
        CODING_DUTIES,
        "audits inpatient and outpatient coding for accuracy and compliance and educates coders",
        0.45,
    ),
    Role(
        "cdi",
        (
            "CDI Specialist",
            "Clinical Documentation Integrity Specialist",
            "Clinical Documentation Specialist",
            "CDI Specialist II",
            "Clinical Documentation Integrity Specialist - RN",
        ),
        "29-9021",
        "year",
        (82000, 110000),
        ("associate", "bachelor"),
        (2, 5),
        ("cdi",),
        CDI_DUTIES,
        "improves the accuracy of inpatient documentation through concurrent review",
        0.3,
    ),
    Role(
        "hit",
        (
            "Health Information Technician",
            "HIM Specialist",
            "Health Information Specialist",
            "HIM Technician",
            "Health Information Management Technician",
        ),
        "29-2072",
        "hour",
        (18.0, 25.5),
        ("high_school", "associate"),
        (0, 2),
        ("rhit_pref", "none"),
        RECORDS_DUTIES,
        "keeps the legal health record complete, accurate and available",
        0.15,
    ),
    Role(
        "roi",
        (
            "Release of Information Specialist",
            "ROI Specialist",
            "Release of Information Representative",
            "Correspondence Specialist - ROI",
        ),
        "29-2072",
        "hour",
        (16.5, 22.5),
        ("high_school",),
        (0, 2),
        ("roi", "none"),
        ROI_DUTIES,
        "processes requests for patient health information accurately and on time",
        0.2,
    ),
    Role(
        "records_clerk",
        (
            "Medical Records Clerk",
            "Medical Records Technician",
            "Health Information Clerk",
            "Medical Records Specialist",
            "Scanning and Indexing Specialist",
        ),
        "29-2072",
        "hour",
        (15.5, 21.0),
        ("high_school",),
        (0, 1),
        ("none", "cehrs"),
        RECORDS_DUTIES,
        "files, scans and retrieves patient records for clinics and inpatient units",
        0.05,
    ),
    Role(
        "registrar",
        (
            "Cancer Registrar",
            "Tumor Registrar",
            "Cancer Registrar (ODS-C/CTR)",
            "Oncology Data Specialist",
            "Senior Cancer Registrar",
        ),
        "29-9021",
        "hour",
        (25.0, 38.0),
        ("associate",),
        (1, 3),
        ("registrar",),
        REGISTRY_DUTIES,
        "abstracts and follows cancer cases for the hospital cancer registry",
        0.35,
    ),
    Role(
        "analyst",
        (
            "Health Data Analyst",
            "HIM Data Analyst",
            "Health Information Data Analyst",
            "Clinical Data Analyst - HIM",
        ),
        "29-9021",
        "year",
        (65000, 94000),
        ("bachelor",),
        (2, 4),
        ("analyst",),
        ANALYST_DUTIES,
        "turns health information and coding data into reports leaders can act on",
        0.35,
    ),
    Role(
        "supervisor",
        (
            "Medical Records Supervisor",
            "HIM Supervisor",
            "Coding Supervisor",
            "Release of Information Supervisor",
        ),
        "11-9111",
        "year",
        (58000, 80000),
        ("associate", "bachelor"),
        (3, 5),
        ("leader_rhit",),
        LEADER_DUTIES,
        "supervises day-to-day health information operations",
        0.15,
    ),
    Role(
        "manager",
        (
            "HIM Manager",
            "Coding Manager",
            "Manager, Health Information Management",
            "Manager of Coding and CDI",
            "Privacy and Release of Information Manager",
        ),
        "11-9111",
        "year",
        (85000, 124000),
        ("bachelor",),
        (5, 7),
        ("leader_rhia",),
        LEADER_DUTIES,
        "manages health information operations across the hospital and clinics",
        0.25,
    ),
    Role(
        "director",
        (
            "Director of Health Information Management",
            "HIM Director",
            "Director, Coding and Revenue Integrity",
            "Director of HIM and Privacy",
        ),
        "11-9111",
        "year",
        (115000, 158000),
        ("bachelor", "master"),
        (7, 10),
        ("director",),
        LEADER_DUTIES,
        "leads health information management for the system",
        0.15,
    ),
)

# Work outside health information (about a tenth of the sample), many with traps for
# the classifiers: a "Python Coder", CPC/CTR as ad metrics, CRC and CIC from other fields.
OTHER_ROLES: tuple[Role, ...] = (
    Role(
        "software_engineer",
        ("Software Engineer, Data Platform", "Senior Software Engineer", "Python Coder (Contract)"),
        None,
        "year",
        (118000, 165000),
        ("bachelor",),
        (3, 6),
        ("ccsp",),
        (
            "Design and build services in Python and Go on AWS",
            "Own data pipelines from ingestion to warehouse",
            "Review code and mentor engineers on the team",
        ),
        "builds the data platform behind our analytics products",
        0.7,
    ),
    Role(
        "nurse",
        (
            "Registered Nurse - Med/Surg",
            "Registered Nurse - Emergency Department",
            "RN Case Manager",
        ),
        None,
        "hour",
        (40.0, 58.0),
        ("associate", "bachelor"),
        (1, 2),
        ("nurse",),
        (
            "Assess, plan and evaluate nursing care for assigned patients",
            "Administer medications and treatments as ordered",
            "Document care in {ehr} in real time",
        ),
        "delivers patient-centered nursing care on a busy unit",
        0.0,
    ),
    Role(
        "marketing",
        ("Digital Marketing Manager", "Performance Marketing Manager"),
        None,
        "year",
        (85000, 118000),
        ("bachelor",),
        (4, 6),
        ("marketing",),
        (
            "Run paid search and social campaigns and manage CPC bids against CTR goals",
            "Own the marketing budget and report on CPL, CTR and conversion",
            "Work with product marketing on launches",
        ),
        "grows demand for our products through paid and organic channels",
        0.5,
    ),
    Role(
        "university_registrar",
        ("University Registrar", "Assistant Registrar - Student Records"),
        None,
        "year",
        (68000, 96000),
        ("bachelor", "master"),
        (4, 6),
        ("none",),
        (
            "Oversee course scheduling, enrollment and academic records",
            "Certify degrees and maintain FERPA compliance",
            "Manage the student information system",
        ),
        "oversees student academic records for the health sciences university",
        0.0,
    ),
    Role(
        "research_coordinator",
        ("Clinical Research Coordinator", "Clinical Research Coordinator II"),
        None,
        "year",
        (54000, 72000),
        ("bachelor",),
        (1, 3),
        ("crc_research",),
        (
            "Screen, consent and enroll participants in clinical trials",
            "Maintain regulatory binders and submit IRB documents",
            "Collect study data and enter it in the sponsor's EDC",
        ),
        "coordinates oncology clinical trials from start-up to close-out",
        0.0,
    ),
    Role(
        "infection_preventionist",
        ("Infection Preventionist",),
        None,
        "year",
        (84000, 112000),
        ("bachelor",),
        (2, 3),
        ("cic_infection",),
        (
            "Conduct surveillance for healthcare-associated infections",
            "Report NHSN data and lead outbreak investigations",
            "Educate staff on hand hygiene and isolation practices",
        ),
        "leads infection prevention and control for the hospital",
        0.0,
    ),
)

# -- credentials ------------------------------------------------------------------
# Each line: (text with {code} slots filled in order, {code: "required"|"preferred"|"eligible"}).
# The mapping is what a careful reader of the sentence would record.
CREDENTIAL_LINES: dict[str, tuple[tuple[str, dict[str, str]], ...]] = {
    "coder_core": (
        (
            "Active CPC or CCS certification required.",
            {"CPC": "required", "CCS": "required"},
        ),
        ("CPC through AAPC required; COC preferred.", {"CPC": "required", "COC": "preferred"}),
        (
            "Coding credential (CPC, CCS or CCA) required at hire.",
            {"CPC": "required", "CCS": "required", "CCA": "required"},
        ),
        ("CCS preferred.", {"CCS": "preferred"}),
    ),
    "coder_ahima": (
        (
            "RHIT or RHIA with CCS strongly preferred.",
            {"RHIT": "preferred", "RHIA": "preferred", "CCS": "preferred"},
        ),
        ("Must hold a current CCS; RHIT preferred.", {"CCS": "required", "RHIT": "preferred"}),
    ),
    "cca_entry": (
        (
            "CCA required; new graduates of an accredited coding program are encouraged to apply.",
            {"CCA": "required"},
        ),
        (
            "CPC-A or CCA accepted; apprentice status must be removed within 12 months.",
            {"CPC": "required", "CCA": "required"},
        ),
    ),
    "ccs_required": (
        ("CCS required.", {"CCS": "required"}),
        (
            "Certified Coding Specialist (CCS) required; RHIA or RHIT a plus.",
            {"CCS": "required", "RHIA": "preferred", "RHIT": "preferred"},
        ),
    ),
    "profee": (
        ("CPC or CCS-P required.", {"CPC": "required", "CCS-P": "required"}),
        (
            "Certified Professional Coder (CPC) required; specialty credential such as "
            "CGSC or COSC preferred.",
            {"CPC": "required"},
        ),
    ),
    "risk_adjustment": (
        ("CRC required; CPC preferred.", {"CRC": "required", "CPC": "preferred"}),
        (
            "Certified Risk Adjustment Coder (CRC) or CPC required.",
            {"CRC": "required", "CPC": "required"},
        ),
    ),
    "auditor": (
        (
            "CCS or CPC required; CPMA preferred.",
            {"CCS": "required", "CPC": "required", "CPMA": "preferred"},
        ),
        (
            "RHIA, RHIT or CCS required; CIC a plus for outpatient audits.",
            {"RHIA": "required", "RHIT": "required", "CCS": "required", "CIC": "preferred"},
        ),
    ),
    "cdi": (
        (
            "CDIP or CCDS required within one year of hire; CCS preferred.",
            {"CDIP": "required", "CCS": "preferred"},
        ),
        (
            "Active RN license or RHIA; CCDS or CDIP preferred.",
            {"RHIA": "required", "CDIP": "preferred"},
        ),
    ),
    "rhit_pref": (
        ("RHIT preferred.", {"RHIT": "preferred"}),
        ("RHIT or RHIT-eligible candidates will be considered.", {"RHIT": "eligible"}),
    ),
    "roi": (
        ("RHIT preferred; CHPS a plus.", {"RHIT": "preferred", "CHPS": "preferred"}),
        ("No certification required.", {}),
    ),
    "cehrs": (("CEHRS preferred but not required.", {"CEHRS": "preferred"}),),
    "registrar": (
        ("ODS-C (formerly CTR) required.", {"ODS-C": "required"}),
        (
            "CTR or ODS-C required, or ODS-C eligible with the exam passed within 12 months.",
            {"ODS-C": "required"},
        ),
        ("ODS-C eligible candidates will be considered.", {"ODS-C": "eligible"}),
    ),
    "analyst": (
        ("CHDA preferred; RHIA a plus.", {"CHDA": "preferred", "RHIA": "preferred"}),
        ("RHIA or CHDA required.", {"RHIA": "required", "CHDA": "required"}),
    ),
    "leader_rhit": (
        ("RHIT required; CCS preferred.", {"RHIT": "required", "CCS": "preferred"}),
        ("RHIT or RHIA required.", {"RHIT": "required", "RHIA": "required"}),
    ),
    "leader_rhia": (
        (
            "RHIA required; CCS or CDIP preferred.",
            {"RHIA": "required", "CCS": "preferred", "CDIP": "preferred"},
        ),
        (
            "RHIA or RHIT required; CHPS preferred.",
            {"RHIA": "required", "RHIT": "required", "CHPS": "preferred"},
        ),
    ),
    "director": (
        ("RHIA required; CHPS preferred.", {"RHIA": "required", "CHPS": "preferred"}),
        ("RHIA required.", {"RHIA": "required"}),
    ),
    "none": (("", {}),),
    # Traps: same letters, other fields.
    "ccsp": (("CCSP or AWS Security Specialty a plus.", {}),),
    "nurse": (("Current state RN license and BLS required; ACLS within 6 months.", {}),),
    "marketing": (("Google Ads certification preferred.", {}),),
    "crc_research": (("CCRP or ACRP certification (CRC) preferred.", {}),),
    "cic_infection": (("CIC (Certification in Infection Control) required.", {}),),
}

EDUCATION_LINES = {
    "high_school": (
        "High school diploma or GED required.",
        "High school diploma or equivalent.",
    ),
    "certificate": (
        "Completion of an accredited medical coding certificate program.",
        "Certificate in medical coding or health information from an accredited program.",
    ),
    "associate": (
        "Associate degree in Health Information Technology or a related field.",
        "Associate's degree required; CAHIIM-accredited HIT program preferred.",
    ),
    "bachelor": (
        "Bachelor's degree in Health Information Management or a related field required.",
        "Bachelor's degree required.",
    ),
    "master": (
        "Master's degree in Health Information Management, Health Administration or "
        "Business required.",
    ),
}

EXPERIENCE_LINES = (
    "{n}+ {years} of experience in {area}.",
    "Minimum of {n} {years} of experience in {area} required.",
    "At least {n} {years} of recent experience in {area}.",
)
NO_EXPERIENCE = "No prior experience required; we train."
WORDS = {1: "one (1)", 2: "two (2)", 3: "three (3)", 4: "four (4)", 5: "five (5)"}

EXPERIENCE_AREAS = {
    "coder_outpatient": "outpatient or ED coding",
    "coder_inpatient": "inpatient coding in an acute care hospital",
    "coder_profee": "professional fee coding",
    "risk_adjustment": "risk adjustment (HCC) coding",
    "coding_auditor": "coding, including at least two years of auditing",
    "cdi": "clinical documentation integrity or inpatient coding",
    "hit": "a health information or medical office setting",
    "roi": "release of information or medical records",
    "records_clerk": "medical records or clerical work",
    "registrar": "cancer registry abstracting",
    "analyst": "healthcare data analysis",
    "supervisor": "HIM operations, including one year in a lead role",
    "manager": "progressive HIM leadership",
    "director": "HIM leadership in a multi-hospital system",
}
# Outside health information the ads state their own schooling.
OTHER_EDUCATION_LINES = {
    "software_engineer": "Bachelor's degree in Computer Science or equivalent experience.",
    "nurse": "Graduate of an accredited nursing program; BSN preferred.",
    "marketing": "Bachelor's degree in Marketing or Communications.",
    "university_registrar": "Bachelor's degree required; master's degree in higher education "
    "administration preferred.",
    "research_coordinator": "Bachelor's degree in a life science or related field.",
    "infection_preventionist": "Bachelor's degree in nursing, microbiology or public health.",
}
OTHER_EXPERIENCE_AREAS = {
    "software_engineer": "professional software development",
    "nurse": "acute care nursing",
    "marketing": "digital marketing",
    "university_registrar": "registrar office",
    "research_coordinator": "clinical research",
    "infection_preventionist": "infection prevention",
}
LEADER_TEAMS = {
    "supervisor": "medical records",
    "manager": "coding and HIM operations",
    "director": "health information management",
}

# -- facets -------------------------------------------------------------------------

SETTINGS = (
    "acute care hospital",
    "ambulatory clinics",
    "physician practice",
    "emergency department",
    "skilled nursing facility",
    "behavioral health",
    "home health",
    "ambulatory surgery center",
)
CODE_SETS = {
    "coder_outpatient": ("ICD-10-CM", "CPT", "HCPCS"),
    "coder_inpatient": ("ICD-10-CM", "ICD-10-PCS", "MS-DRG", "APR-DRG"),
    "coder_profee": ("ICD-10-CM", "CPT", "HCPCS", "E/M"),
    "risk_adjustment": ("ICD-10-CM", "HCC"),
    "coding_auditor": ("ICD-10-CM", "ICD-10-PCS", "CPT", "MS-DRG"),
    "cdi": ("ICD-10-CM", "ICD-10-PCS", "MS-DRG", "APR-DRG"),
}
EHRS = ("Epic", "Cerner", "Oracle Health", "Meditech Expanse", "athenahealth", "eClinicalWorks")
ENCODERS = ("3M 360 Encompass", "Optum CAC", "Solventum 360 Encompass")

# -- phrase banks -----------------------------------------------------------------------

REMOTE_LINES = (
    "This is a fully remote position; candidates may work from home anywhere in the US.",
    "100% remote, work from home. A secure, HIPAA-compliant home workspace and a reliable "
    "high-speed internet connection are required.",
    "Remote role: equipment is provided, and you must live in one of the states where we "
    "hire (currently {states}).",
)
REMOTE_STATE_LINE = "Remote position open to residents of {state_name} only."
HYBRID_LINES = (
    "Hybrid schedule: three days on site in {city} and two days remote after training.",
    "This role is hybrid, with on-site days at our {city} campus each week.",
    "Hybrid: on site for the first 90 days of training, then two remote days a week.",
)
ONSITE_LINES = (
    "This position is on site at our {city} location.",
    "On-site role in {city}; this is not a remote position.",
    "",
)

SETTING_LINES = (
    "You will support our {setting} teams, working in {ehr}.",
    "Our teams work in {ehr} with {encoder} for encoding and grouping.",
    "Experience with {ehr} and {encoder} is a plus.",
)

BONUS_LINES = (
    "A ${amount:,} sign-on bonus is available for eligible external hires.",
    "Sign-on bonus up to ${amount:,} for qualified candidates.",
    "We offer a ${amount:,} retention bonus paid over the first year.",
)
# Throughput is not pay, though it reads "per hour" like pay does.
THROUGHPUT_LINES = {
    "coder_inpatient": "Productivity standard: 2.5 inpatient charts per hour after orientation.",
    "coder_outpatient": "Productivity goal of 18 ED or outpatient encounters per hour.",
    "coder_profee": "Expected productivity of 20 professional fee encounters per hour at 95% "
    "accuracy.",
    "risk_adjustment": "Productivity standard: 6 charts per hour with 95% accuracy.",
}

BENEFITS = (
    "Medical, dental and vision coverage starting on day one",
    "403(b) retirement plan with employer match",
    "401(k) with a 4% company match",
    "Paid time off and paid holidays",
    "Tuition reimbursement up to $5,250 per year",
    "AHIMA or AAPC membership and CEU support",
    "Paid certification exam fees",
    "Employee assistance program",
    "Flexible spending and health savings accounts",
    "Home office equipment provided for remote roles",
)

EEO_LINES = (
    "{name} is an equal opportunity employer. All qualified applicants will receive "
    "consideration without regard to race, color, religion, sex, sexual orientation, gender "
    "identity, national origin, disability or protected veteran status.",
    "{name} is proud to be an Equal Opportunity Employer and a drug-free workplace.",
)

SECTION_HEADINGS = {
    "about": ("About us", "Who we are", "About {name}"),
    "summary": ("Position summary", "The role", "Job summary"),
    "duties": ("Responsibilities", "What you will do", "Essential functions"),
    "qualifications": ("Qualifications", "What you bring", "Requirements"),
    "pay": ("Compensation", "Pay", "Pay range"),
    "benefits": ("Benefits", "What we offer", "Why join us"),
}
