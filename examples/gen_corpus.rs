//! Generates a large, realistic mentorsite program for the speed benchmark
//! (`bench/run.sh`), and optionally equivalent Hugo and Zola sites from the
//! same Markdown so the three generators can be compared on the same work.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --out DIR --mentors N --guides M \
//!     --rounds R --submissions K --seed S [--hugo DIR] [--zola DIR] [--no-rounds]
//! ```
//!
//! Everything is deterministic from `--seed`: the same arguments always write
//! the same bytes. Each part of the corpus (handbook, mentors, pairs, rounds)
//! draws from its own random stream, so changing `--guides` does not change
//! the mentors.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

// ---------------------------------------------------------------------------
// Arguments

struct Args {
    out: PathBuf,
    mentors: usize,
    guides: usize,
    rounds: usize,
    submissions: usize,
    seed: u64,
    hugo: Option<PathBuf>,
    zola: Option<PathBuf>,
    no_rounds: bool,
}

const USAGE: &str = "usage: gen_corpus --out DIR [--mentors N] [--guides M] [--rounds R] \
                     [--submissions K] [--seed S] [--hugo DIR] [--zola DIR] [--no-rounds]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: PathBuf::new(),
        mentors: 10_000,
        guides: 1_000,
        rounds: 4,
        submissions: 100_000,
        seed: 42,
        hugo: None,
        zola: None,
        no_rounds: false,
    };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--no-rounds" {
            args.no_rounds = true;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || -> Result<u64, String> {
            value
                .replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{flag}: `{value}` is not a number"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(&value)),
            "--hugo" => args.hugo = Some(PathBuf::from(&value)),
            "--zola" => args.zola = Some(PathBuf::from(&value)),
            "--mentors" => args.mentors = number()? as usize,
            "--guides" => args.guides = number()? as usize,
            "--rounds" => args.rounds = number()? as usize,
            "--submissions" => args.submissions = number()? as usize,
            "--seed" => args.seed = number()?,
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    args.out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    Ok(args)
}

// ---------------------------------------------------------------------------
// A small deterministic PRNG (splitmix64)

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Samples indices with weight `1 / (rank + 1)^s`: a few values are very
/// common, most are rare, as with real skill tags.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }

    /// `k` distinct indices.
    fn distinct(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let k = k.min(self.cumulative.len());
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.sample(rng);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

const TRACKS: &[(&str, &str)] = &[
    ("software-engineering", "Software engineering"),
    ("data", "Data and analytics"),
    ("product", "Product and design"),
    ("leadership", "Leadership"),
    ("security", "Security and reliability"),
];

const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Aisha",
    "Akira",
    "Alejandro",
    "Amara",
    "Amina",
    "Ana",
    "Anders",
    "Andrei",
    "Ángela",
    "Anika",
    "Arjun",
    "Astrid",
    "Ayodele",
    "Beatriz",
    "Bilal",
    "Bruno",
    "Camille",
    "Carlos",
    "Chen",
    "Chiara",
    "Chidi",
    "Daniel",
    "Dara",
    "David",
    "Diego",
    "Dmitri",
    "Elena",
    "Elif",
    "Emeka",
    "Emma",
    "Eun-ji",
    "Farah",
    "Fatima",
    "Felix",
    "Fernanda",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Hiroshi",
    "Ibrahim",
    "Ines",
    "Ingrid",
    "Isabel",
    "Ivan",
    "Jamal",
    "James",
    "Javier",
    "Jin",
    "João",
    "Jonas",
    "Julia",
    "Kai",
    "Kamala",
    "Karim",
    "Katarzyna",
    "Kenji",
    "Kofi",
    "Lars",
    "Layla",
    "Lea",
    "Leila",
    "Lena",
    "Li",
    "Liam",
    "Lucas",
    "Lucía",
    "Luis",
    "Maja",
    "Malik",
    "Marco",
    "Maria",
    "Marta",
    "Mateus",
    "Mei",
    "Mia",
    "Miguel",
    "Mohammed",
    "Nadia",
    "Naledi",
    "Nia",
    "Niamh",
    "Nikhil",
    "Noah",
    "Nora",
    "Olga",
    "Olu",
    "Omar",
    "Oscar",
    "Pablo",
    "Paolo",
    "Pedro",
    "Priya",
    "Rafael",
    "Rahul",
    "Ravi",
    "Rosa",
    "Ruth",
    "Saanvi",
    "Samuel",
    "Sara",
    "Sebastián",
    "Sergei",
    "Shira",
    "Siddharth",
    "Sofia",
    "Sun",
    "Tariq",
    "Thabo",
    "Tomás",
    "Uma",
    "Valentina",
    "Vikram",
    "Wei",
    "Yara",
    "Yusuf",
    "Zainab",
    "Zoe",
];

const LAST_NAMES: &[&str] = &[
    "Abara",
    "Adeyemi",
    "Ahmed",
    "Al-Sayed",
    "Andersson",
    "Bakker",
    "Banerjee",
    "Becker",
    "Bianchi",
    "Boateng",
    "Brown",
    "Castillo",
    "Chen",
    "Cohen",
    "Costa",
    "Da Silva",
    "Dubois",
    "Duarte",
    "Eriksen",
    "Evans",
    "Fernández",
    "Ferreira",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hoffmann",
    "Hosseini",
    "Huang",
    "Ibrahim",
    "Iyer",
    "Jansen",
    "Johansson",
    "Kahn",
    "Kamau",
    "Kim",
    "Kowalska",
    "Kumar",
    "Laurent",
    "Lee",
    "Li",
    "Lopez",
    "Martin",
    "Martinez",
    "Mehta",
    "Mensah",
    "Moreau",
    "Müller",
    "Murphy",
    "Mwangi",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Nowak",
    "O'Brien",
    "Obi",
    "Okafor",
    "Okonkwo",
    "Olsen",
    "Osei",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Popescu",
    "Raman",
    "Ramirez",
    "Reddy",
    "Rossi",
    "Sato",
    "Schmidt",
    "Shah",
    "Silva",
    "Singh",
    "Smith",
    "Sokolova",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Thompson",
    "Tremblay",
    "Van Dijk",
    "Vargas",
    "Wagner",
    "Wang",
    "Watanabe",
    "Weber",
    "Whitfield",
    "Williams",
    "Wilson",
    "Wu",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zhou",
    "Zimmermann",
];

const SKILLS: &[&str] = &[
    "Python",
    "System design",
    "Career growth",
    "JavaScript",
    "Leadership",
    "SQL",
    "Public speaking",
    "Product management",
    "Data engineering",
    "Machine learning",
    "TypeScript",
    "Go",
    "Rust",
    "Java",
    "Kubernetes",
    "Cloud architecture",
    "AWS",
    "React",
    "Technical writing",
    "UX research",
    "Interaction design",
    "Hiring",
    "People management",
    "Negotiation",
    "Data visualisation",
    "Statistics",
    "Accessibility",
    "Security engineering",
    "DevOps",
    "Site reliability",
    "Testing",
    "Code review",
    "Distributed systems",
    "Databases",
    "PostgreSQL",
    "Mobile development",
    "iOS",
    "Android",
    "Kotlin",
    "Swift",
    "C++",
    "C#",
    ".NET",
    "Ruby",
    "Rails",
    "PHP",
    "Elixir",
    "Scala",
    "Haskell",
    "Functional programming",
    "Compilers",
    "Embedded systems",
    "Linux",
    "Networking",
    "Observability",
    "Incident management",
    "Performance tuning",
    "API design",
    "GraphQL",
    "Microservices",
    "Event-driven architecture",
    "Kafka",
    "Spark",
    "dbt",
    "Airflow",
    "Data modelling",
    "Analytics engineering",
    "Experimentation",
    "A/B testing",
    "Causal inference",
    "Deep learning",
    "NLP",
    "Computer vision",
    "MLOps",
    "LLM applications",
    "Prompt engineering",
    "Recommender systems",
    "Search",
    "Information retrieval",
    "Product strategy",
    "Roadmapping",
    "Stakeholder management",
    "Agile coaching",
    "Scrum",
    "Kanban",
    "Program management",
    "Project management",
    "Design systems",
    "Figma",
    "Visual design",
    "Content design",
    "Service design",
    "User interviews",
    "Usability testing",
    "Growth",
    "Marketing analytics",
    "Pricing",
    "Business strategy",
    "Startups",
    "Fundraising",
    "Open source",
    "Community building",
    "Developer relations",
    "Teaching",
    "Mentoring mentors",
    "Coaching",
    "Career change",
    "Returning to work",
    "Work-life balance",
    "Burnout prevention",
    "Time management",
    "Remote work",
    "Cross-cultural teams",
    "Diversity and inclusion",
    "Conflict resolution",
    "Giving feedback",
    "Managing up",
    "Promotion cases",
    "Interviewing",
    "Salary negotiation",
    "Personal branding",
    "Writing",
    "Storytelling",
    "Presentations",
    "Facilitation",
    "Decision making",
    "Architecture reviews",
    "Legacy modernisation",
    "Migration planning",
    "Cost optimisation",
    "FinOps",
    "Terraform",
    "CI/CD",
    "Platform engineering",
    "Developer experience",
    "Privacy engineering",
    "Threat modelling",
    "Cryptography",
    "Identity and access",
    "Compliance",
    "Risk management",
    "Quantitative finance",
    "Bioinformatics",
    "Geospatial data",
    "Game development",
    "Graphics",
    "WebAssembly",
    "Frontend performance",
    "CSS",
    "Web standards",
    "Internationalisation",
    "Technical SEO",
    "Customer success",
    "Sales engineering",
    "Operations",
    "Supply chain analytics",
];

const INDUSTRIES: &[&str] = &[
    "Fintech",
    "Software",
    "Healthcare",
    "E-commerce",
    "Public sector",
    "Education",
    "Media",
    "Telecommunications",
    "Energy",
    "Retail",
    "Logistics",
    "Banking",
    "Insurance",
    "Gaming",
    "Automotive",
    "Aerospace",
    "Biotech",
    "Pharmaceuticals",
    "Climate tech",
    "Agriculture",
    "Non-profit",
    "Consulting",
    "Manufacturing",
    "Travel",
    "Real estate",
    "Legal tech",
    "Cybersecurity",
    "Hardware",
    "Research",
    "Transport",
];

const LANGUAGES: &[&str] = &[
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Mandarin",
    "Hindi",
    "Arabic",
    "Japanese",
    "Italian",
    "Dutch",
    "Polish",
    "Swahili",
    "Yoruba",
    "Korean",
    "Turkish",
    "Russian",
    "Ukrainian",
    "Swedish",
    "Tamil",
    "Bengali",
    "Vietnamese",
    "Greek",
    "Hebrew",
    "Czech",
    "Romanian",
    "Igbo",
    "Cantonese",
    "Urdu",
    "Farsi",
    "Norwegian",
];

const CITIES: &[(&str, &str)] = &[
    ("London, UK", "Europe/London"),
    ("Manchester, UK", "Europe/London"),
    ("Dublin, Ireland", "Europe/Dublin"),
    ("Berlin, Germany", "Europe/Berlin"),
    ("Munich, Germany", "Europe/Berlin"),
    ("Paris, France", "Europe/Paris"),
    ("Lyon, France", "Europe/Paris"),
    ("Amsterdam, Netherlands", "Europe/Amsterdam"),
    ("Madrid, Spain", "Europe/Madrid"),
    ("Barcelona, Spain", "Europe/Madrid"),
    ("Lisbon, Portugal", "Europe/Lisbon"),
    ("Milan, Italy", "Europe/Rome"),
    ("Warsaw, Poland", "Europe/Warsaw"),
    ("Prague, Czechia", "Europe/Prague"),
    ("Stockholm, Sweden", "Europe/Stockholm"),
    ("Oslo, Norway", "Europe/Oslo"),
    ("Helsinki, Finland", "Europe/Helsinki"),
    ("Istanbul, Türkiye", "Europe/Istanbul"),
    ("Kyiv, Ukraine", "Europe/Kyiv"),
    ("Lagos, Nigeria", "Africa/Lagos"),
    ("Accra, Ghana", "Africa/Accra"),
    ("Nairobi, Kenya", "Africa/Nairobi"),
    ("Cape Town, South Africa", "Africa/Johannesburg"),
    ("Cairo, Egypt", "Africa/Cairo"),
    ("Dubai, UAE", "Asia/Dubai"),
    ("Bengaluru, India", "Asia/Kolkata"),
    ("Mumbai, India", "Asia/Kolkata"),
    ("Singapore", "Asia/Singapore"),
    ("Tokyo, Japan", "Asia/Tokyo"),
    ("Seoul, South Korea", "Asia/Seoul"),
    ("Shanghai, China", "Asia/Shanghai"),
    ("Sydney, Australia", "Australia/Sydney"),
    ("Melbourne, Australia", "Australia/Melbourne"),
    ("Auckland, New Zealand", "Pacific/Auckland"),
    ("Toronto, Canada", "America/Toronto"),
    ("Vancouver, Canada", "America/Vancouver"),
    ("New York, USA", "America/New_York"),
    ("Boston, USA", "America/New_York"),
    ("Chicago, USA", "America/Chicago"),
    ("Austin, USA", "America/Chicago"),
    ("Denver, USA", "America/Denver"),
    ("San Francisco, USA", "America/Los_Angeles"),
    ("Seattle, USA", "America/Los_Angeles"),
    ("Mexico City, Mexico", "America/Mexico_City"),
    ("Bogotá, Colombia", "America/Bogota"),
    ("São Paulo, Brazil", "America/Sao_Paulo"),
    ("Buenos Aires, Argentina", "America/Argentina/Buenos_Aires"),
    ("Santiago, Chile", "America/Santiago"),
];

const ROLES: &[&str] = &[
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Software Engineer",
    "Principal Engineer",
    "Engineering Manager",
    "Senior Engineering Manager",
    "Director of Engineering",
    "VP Engineering",
    "CTO",
    "Data Scientist",
    "Senior Data Scientist",
    "Data Engineer",
    "Analytics Engineer",
    "Machine Learning Engineer",
    "Research Scientist",
    "Product Manager",
    "Senior Product Manager",
    "Group Product Manager",
    "Product Designer",
    "Senior Product Designer",
    "UX Researcher",
    "Design Lead",
    "Security Engineer",
    "Site Reliability Engineer",
    "Platform Engineer",
    "Solutions Architect",
    "Tech Lead",
    "Developer Advocate",
    "Head of Data",
    "Head of Product",
    "Founder",
];

const COMPANIES: &[&str] = &[
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Litware",
    "Adventure Works",
    "Proseware",
    "Wide World Importers",
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "City Power & Light",
    "Coho Winery",
    "Consolidated Messenger",
    "Fourth Coffee",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Lucerne Publishing",
    "Margie's Travel",
    "Southridge Video",
    "Trey Research",
    "VanArsdel",
    "Wingtip Toys",
    "the city council",
    "a national health service",
    "a payments start-up",
    "a climate-tech scale-up",
    "an open-source foundation",
    "a logistics platform",
    "a public broadcaster",
    "a university research lab",
    "a game studio",
];

const MEETING_FORMATS: &[&str] = &["video", "in-person", "phone", "chat"];

/// Top-level handbook sections: title and the topics its guides are about.
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Getting started",
        &[
            "the program",
            "matching",
            "the first month",
            "expectations",
            "the timeline",
        ],
    ),
    (
        "Roles and responsibilities",
        &[
            "the mentor role",
            "the mentee role",
            "coordinators",
            "sponsorship",
            "accountability",
        ],
    ),
    (
        "Meetings",
        &[
            "the first meeting",
            "agendas",
            "meeting cadence",
            "meeting notes",
            "remote sessions",
        ],
    ),
    (
        "Goals and planning",
        &[
            "SMART goals",
            "development plans",
            "milestones",
            "priorities",
            "progress reviews",
        ],
    ),
    (
        "Feedback",
        &[
            "giving feedback",
            "receiving feedback",
            "difficult conversations",
            "praise",
            "self-review",
        ],
    ),
    (
        "Career growth",
        &[
            "promotions",
            "career changes",
            "personal branding",
            "networking",
            "job interviews",
        ],
    ),
    (
        "Technical growth",
        &[
            "code review",
            "design documents",
            "learning plans",
            "side projects",
            "technical talks",
        ],
    ),
    (
        "Leadership",
        &[
            "first-time management",
            "delegation",
            "one-to-ones",
            "team rituals",
            "influence",
        ],
    ),
    (
        "Wellbeing and boundaries",
        &[
            "confidentiality",
            "boundaries",
            "burnout",
            "workload",
            "inclusion",
        ],
    ),
    (
        "Evaluation and closing",
        &[
            "the mid-program check-in",
            "surveys",
            "closing the relationship",
            "alumni",
            "impact",
        ],
    ),
];

const SUBSECTIONS: &[&str] = &[
    "Foundations",
    "Practices",
    "Worked examples",
    "Common problems",
    "Templates and checklists",
    "For mentors",
    "For mentees",
    "Going further",
];

const TITLE_PATTERNS: &[&str] = &[
    "A practical guide to {t}",
    "Getting started with {t}",
    "Common mistakes with {t}",
    "Five questions about {t}",
    "A checklist for {t}",
    "Making the most of {t}",
    "How we think about {t}",
    "When {t} goes wrong",
    "Planning {t}",
    "Reflecting on {t}",
    "A worked example of {t}",
    "What good {t} looks like",
    "Preparing for {t}",
    "Measuring {t}",
    "Notes on {t}",
];

const HEADINGS: &[&str] = &[
    "Why it matters",
    "Before you start",
    "What to expect",
    "A simple approach",
    "Step by step",
    "Questions to ask",
    "Common pitfalls",
    "What good looks like",
    "For mentors",
    "For mentees",
    "An example",
    "Keeping it going",
    "When things go wrong",
    "Checklist",
    "Further reading",
    "Frequently asked questions",
    "How we measure it",
    "Timing",
];

const SUBJECTS: &[&str] = &[
    "A good mentor",
    "A mentee",
    "The first month",
    "A shared agenda",
    "A written note",
    "Your coordinator",
    "A short check-in",
    "A clear goal",
    "Honest feedback",
    "A regular cadence",
    "The agreement",
    "A mentee who prepares",
    "An experienced mentor",
    "The mid-program survey",
    "A quiet week",
    "A missed meeting",
    "Every pair",
    "A new manager",
    "The best session",
    "A small experiment",
    "A good question",
    "Time between meetings",
    "The closing meeting",
    "A written plan",
    "Trust",
];

const VERBS: &[&str] = &[
    "makes it easier to",
    "helps you",
    "is the simplest way to",
    "rarely replaces the need to",
    "should leave room to",
    "gives both of you a chance to",
    "is often the moment to",
    "can help a pair",
    "works best when you",
    "makes it natural to",
    "is a good reason to",
    "does not need to",
    "tends to",
    "is where you",
    "lets you",
    "is the right time to",
    "should make it possible to",
    "will usually",
    "often helps people",
    "is no substitute for the effort to",
];

const OBJECTS: &[&str] = &[
    "agree on what success looks like",
    "notice progress early",
    "raise a difficult topic",
    "plan the next three weeks",
    "write down one concrete next step",
    "revisit the goals you set in the first month",
    "ask for feedback on the mentoring itself",
    "say no to a request that does not fit",
    "practise a conversation before it happens",
    "share a mistake and what you learned from it",
    "turn a vague ambition into a measurable goal",
    "prepare two questions in advance",
    "protect time in a busy calendar",
    "connect the mentee with someone in your network",
    "look back at what has changed since the start",
    "adjust the cadence when work gets busy",
    "keep the conversation on the mentee's agenda",
    "listen more than you talk",
    "end a session with a clear commitment",
    "check that the agreement still fits",
    "celebrate a small win",
    "explain the unwritten rules of a workplace",
    "review a real piece of work together",
    "make the next step small enough to start tomorrow",
    "talk openly about workload and energy",
    "decide what to stop doing",
    "find a stretch assignment",
    "get comfortable with silence",
    "take the long view of a career",
    "bring the coordinator in early",
];

const TAILS: &[&str] = &[
    ".",
    ".",
    ".",
    " before the next meeting.",
    ", even when the calendar is full.",
    " without turning it into a performance review.",
    " in the first few weeks.",
    ", and to write it down.",
    " — and it costs very little.",
    " when the goals stop fitting.",
    ", which matters more than any single technique.",
    " at the start of every session.",
    " rather than waiting for the final survey.",
    " when something feels off.",
    ", as long as both of you agree.",
];

const STANDALONE: &[&str] = &[
    "None of this has to be formal.",
    "Keep it short; a few lines are enough.",
    "It is fine to change your mind later.",
    "If in doubt, ask the coordinators.",
    "Most pairs find their rhythm by the third meeting.",
    "Write it down, even if it feels obvious today.",
    "The mentee owns the goals; the mentor owns the questions.",
    "A missed meeting is not a failure; two in a row is a signal.",
    "Silence after a question is usually thinking, not confusion.",
    "You will not cover everything, and that is expected.",
];

const TABLE_HEADERS: &[&[&str]] = &[
    &["Step", "Who", "When"],
    &["Question", "Why it helps"],
    &["Signal", "What it may mean", "What to try"],
    &["Week", "Focus", "Output"],
];

const GOALS: &[&str] = &[
    "Write and present a design document by the end of the quarter",
    "Lead two incident reviews for my team",
    "Draft a promotion case with my manager",
    "Hold fortnightly one-to-ones with each of my reports",
    "Give one piece of constructive feedback per week",
    "Present the team's quarterly plan to leadership",
    "Interview eight users of our main product flow",
    "Publish one dashboard that the team uses weekly",
    "Get a pull request merged into an open-source project",
    "Give a 20-minute talk at an internal meetup",
    "Complete an intermediate SQL course and use it in two reports",
    "Run a structured hiring loop for one role",
    "Agree a written team charter with my new team",
    "Block two focus mornings a week for eight weeks",
    "Move the nightly extracts to the orchestrator, with tests",
    "Rebuild my portfolio around three case studies",
    "Negotiate a realistic scope for the next release",
    "Shadow an on-call rotation, then take one shift",
    "Write a one-page opportunity assessment, with data",
    "Add accessibility checks to our design review template",
];

const FEEDBACK_TEXT: &[&str] = &[
    "Regular async check-ins between meetings keep momentum.",
    "Shadowing a planning meeting was eye-opening.",
    "Sessions start on time and have a short agenda.",
    "My mentor is open about their own mistakes, which helps a lot.",
    "We finally wrote my goals down and they feel achievable.",
    "Practising a difficult conversation beforehand made it much easier.",
    "I get honest, specific feedback on real work.",
    "The introductions to other people in the field were very useful.",
    "I feel more confident speaking up in meetings.",
    "We review one piece of my work every session, which keeps it concrete.",
    "Hard to find time this month, but the sessions we had were good.",
    "The agreement helped us set expectations early.",
    "I would like more structure, but it is going well overall.",
    "My mentor helped me prepare for my promotion conversation.",
    "Having someone outside my company to talk to is invaluable.",
];

// ---------------------------------------------------------------------------
// Helpers

fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' | 'ã' | 'Á' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A TOML basic string, quoted.
fn q(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// One CSV cell, quoted when it needs to be.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes files and keeps count.
struct Writer {
    files: usize,
    bytes: u64,
}

impl Writer {
    fn write(&mut self, path: &Path, contents: &str) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, contents)?;
        self.files += 1;
        self.bytes += contents.len() as u64;
        Ok(())
    }
}

/// A civil date, for round and pair dates without a date crate.
fn date(year: i32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// Adds `days` to a date (proleptic Gregorian), returned as `YYYY-MM-DD`.
fn add_days(year: i32, month: u32, day: u32, days: i64) -> String {
    // Days from civil (Howard Hinnant's algorithm) and back.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let z = era * 146_097 + doe - 719_468 + days;
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// Handbook

struct Guide {
    /// Path below `content/`, e.g. `handbook/meetings/practices/notes-on-agendas.md`.
    path: String,
    title: String,
    topic: &'static str,
}

struct Section {
    /// Folder below `content/`, e.g. `handbook/meetings`.
    dir: String,
    title: String,
    description: String,
    weight: usize,
}

fn sentence(rng: &mut Rng, topic: &str) -> String {
    match rng.below(10) {
        0 => format!(
            "When it comes to {topic}, {} {} {}{}",
            rng.pick(SUBJECTS).to_lowercase(),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(TAILS)
        ),
        1 => rng.pick(STANDALONE).to_string(),
        2 => format!(
            "For {topic} in particular, {} {} {}{}",
            rng.pick(SUBJECTS).to_lowercase(),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(TAILS)
        ),
        _ => format!(
            "{} {} {}{}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(TAILS)
        ),
    }
}

fn paragraph(rng: &mut Rng, topic: &str, sentences: (usize, usize), words: &mut usize) -> String {
    let sentences = rng.range(sentences.0, sentences.1);
    let mut p = String::new();
    for i in 0..sentences {
        let s = sentence(rng, topic);
        *words += s.split_whitespace().count();
        if i > 0 {
            p.push(' ');
        }
        // Emphasis now and then, as people write.
        if rng.chance(0.06) {
            let _ = write!(p, "**{s}**");
        } else {
            p.push_str(&s);
        }
    }
    // Wrap like hand-written Markdown, at about 78 columns.
    let mut wrapped = String::with_capacity(p.len() + p.len() / 70);
    let mut col = 0;
    for word in p.split(' ') {
        if col > 0 && col + word.len() > 78 {
            wrapped.push('\n');
            col = 0;
        } else if col > 0 {
            wrapped.push(' ');
            col += 1;
        }
        wrapped.push_str(word);
        col += word.chars().count();
    }
    wrapped.push('\n');
    wrapped
}

fn guide_body(rng: &mut Rng, guide: &Guide, all: &[Guide], self_index: usize) -> String {
    let target = rng.range(300, 800);
    let mut words = 0;
    let mut body = String::new();
    let mut links = rng.range(1, 4);
    let mut headings: Vec<&str> = Vec::new();
    body.push_str(&paragraph(rng, guide.topic, (2, 4), &mut words));
    while words < target {
        body.push('\n');
        let mut heading = rng.pick(HEADINGS);
        while headings.contains(&heading) && headings.len() < HEADINGS.len() {
            heading = rng.pick(HEADINGS);
        }
        headings.push(heading);
        let _ = writeln!(body, "## {heading}\n");
        words += heading.split_whitespace().count();
        body.push_str(&paragraph(rng, guide.topic, (2, 5), &mut words));
        match rng.below(6) {
            0 | 1 => {
                body.push('\n');
                let ordered = rng.chance(0.4);
                for i in 0..rng.range(3, 6) {
                    let item = capitalise(rng.pick(OBJECTS));
                    words += item.split_whitespace().count();
                    if ordered {
                        let _ = writeln!(body, "{}. {item}.", i + 1);
                    } else {
                        let _ = writeln!(body, "- {item};");
                    }
                }
            }
            2 => {
                body.push('\n');
                let header = TABLE_HEADERS[rng.below(TABLE_HEADERS.len())];
                let _ = writeln!(body, "| {} |", header.join(" | "));
                let _ = writeln!(body, "|{}", "---|".repeat(header.len()));
                for _ in 0..rng.range(3, 5) {
                    let cells: Vec<String> = (0..header.len())
                        .map(|_| capitalise(rng.pick(OBJECTS)))
                        .collect();
                    words += cells
                        .iter()
                        .map(|c| c.split_whitespace().count())
                        .sum::<usize>();
                    let _ = writeln!(body, "| {} |", cells.join(" | "));
                }
            }
            3 => {
                let sub = format!(
                    "{} {}",
                    capitalise(rng.pick(&["about", "on", "beyond"])),
                    guide.topic
                );
                let _ = writeln!(body, "\n### {sub}\n");
                body.push_str(&paragraph(rng, guide.topic, (2, 4), &mut words));
            }
            _ => {}
        }
        if links > 0 && all.len() > 1 && rng.chance(0.6) {
            links -= 1;
            let mut j = rng.below(all.len());
            if j == self_index {
                j = (j + 1) % all.len();
            }
            let other = &all[j];
            let _ = writeln!(
                body,
                "\nSee [{}](@/{}) for a related guide.",
                other.title.to_lowercase(),
                other.path
            );
            words += 5 + other.title.split_whitespace().count();
        }
    }
    body
}

fn write_handbook(
    w: &mut Writer,
    content: &Path,
    guides: usize,
    rng: &mut Rng,
) -> io::Result<(Vec<Section>, Vec<Guide>)> {
    let subs = (guides / 200).clamp(1, SUBSECTIONS.len());
    let mut sections = Vec::new();
    let mut top_dirs = Vec::new();
    for (i, (title, topics)) in SECTIONS.iter().enumerate() {
        let dir = format!("handbook/{}", slugify(title));
        sections.push(Section {
            dir: dir.clone(),
            title: title.to_string(),
            description: format!("Guides on {}, {} and {}.", topics[0], topics[1], topics[2]),
            weight: i + 1,
        });
        top_dirs.push(sections.len() - 1);
        for (k, sub) in SUBSECTIONS.iter().take(subs).enumerate() {
            sections.push(Section {
                dir: format!("{dir}/{}", slugify(sub)),
                title: sub.to_string(),
                description: format!("{sub} on {}.", topics.join(", ")),
                weight: k + 1,
            });
        }
    }

    // Place the guides first, so bodies can link to any of them.
    let mut list: Vec<Guide> = Vec::with_capacity(guides);
    let mut taken: HashSet<String> = HashSet::new();
    for i in 0..guides {
        let top = i % SECTIONS.len();
        let (_, topics) = SECTIONS[top];
        let topic = topics[rng.below(topics.len())];
        // One guide in ten sits directly in the top-level section.
        let dir = if rng.chance(0.1) {
            &sections[top_dirs[top]].dir
        } else {
            &sections[top_dirs[top] + 1 + (i / SECTIONS.len()) % subs].dir
        };
        let title = capitalise(&rng.pick(TITLE_PATTERNS).replace("{t}", topic));
        let base = slugify(&title);
        let mut path = format!("{dir}/{base}.md");
        let mut n = 2;
        while !taken.insert(path.clone()) {
            path = format!("{dir}/{base}-{n}.md");
            n += 1;
        }
        list.push(Guide { path, title, topic });
    }

    // Sections.
    let mut root = String::from(
        "+++\ntitle = \"Handbook\"\ndescription = \"Everything mentors, mentees and coordinators \
         need to run a good mentorship.\"\nweight = 1\n+++\n\nThis handbook is the program's \
         shared reference. Each guide is short and can be read on its own.\n\n",
    );
    for &t in &top_dirs {
        let s = &sections[t];
        let _ = writeln!(
            root,
            "- [{}](@/{}/_index.md) — {}",
            s.title, s.dir, s.description
        );
    }
    w.write(&content.join("handbook/_index.md"), &root)?;
    for s in &sections {
        let mut text = format!(
            "+++\ntitle = {}\ndescription = {}\nweight = {}\n+++\n\n",
            q(&s.title),
            q(&s.description),
            s.weight
        );
        let mut words = 0;
        text.push_str(&paragraph(rng, &s.title.to_lowercase(), (2, 4), &mut words));
        w.write(&content.join(&s.dir).join("_index.md"), &text)?;
    }

    // Guides.
    for (i, g) in list.iter().enumerate() {
        let mut front = format!(
            "+++\ntitle = {}\ndescription = {}\nweight = {}\ndate = {}\n",
            q(&g.title),
            q(&format!(
                "{} for mentors and mentees, with examples.",
                capitalise(g.topic)
            )),
            rng.range(1, 50),
            add_days(2024, 1, 8, rng.below(700) as i64)
        );
        if rng.chance(0.3) {
            let _ = writeln!(
                front,
                "updated = {}",
                add_days(2026, 1, 5, rng.below(120) as i64)
            );
        }
        if rng.chance(0.05) {
            let stem = g
                .path
                .rsplit('/')
                .next()
                .unwrap_or("x")
                .trim_end_matches(".md");
            let _ = writeln!(front, "aliases = [\"/guides/{i}-{stem}/\"]");
        }
        front.push_str("+++\n\n");
        front.push_str(&guide_body(rng, g, &list, i));
        w.write(&content.join(&g.path), &front)?;
    }
    Ok((sections, list))
}

fn write_home(w: &mut Writer, content: &Path, sections: &[Section]) -> io::Result<()> {
    let mut text = String::from(
        "+++\ntitle = \"Benchmark Mentorship Program\"\ndescription = \"A generated program for \
         benchmarking mentorsite.\"\n+++\n\nWelcome. This program pairs people early in their \
         careers with experienced practitioners for six months.\n\n## The handbook\n\n",
    );
    for s in sections.iter().filter(|s| s.dir.matches('/').count() == 1) {
        let _ = writeln!(
            text,
            "- [{}](@/{}/_index.md): {}",
            s.title, s.dir, s.description
        );
    }
    text.push_str(
        "\n## Mentors\n\nBrowse the [mentor directory](/mentors/) by skill, industry, track \
         and language.\n",
    );
    w.write(&content.join("_index.md"), &text)
}

// ---------------------------------------------------------------------------
// Mentors

struct Mentor {
    slug: String,
    capacity: usize,
    tracks: Vec<&'static str>,
}

fn write_mentors(
    w: &mut Writer,
    content: &Path,
    n: usize,
    rng: &mut Rng,
) -> io::Result<Vec<Mentor>> {
    let skills = Zipf::new(SKILLS.len(), 1.0);
    let industries = Zipf::new(INDUSTRIES.len(), 0.9);
    let languages = Zipf::new(LANGUAGES.len(), 1.1);
    let cities = Zipf::new(CITIES.len(), 0.6);
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut mentors = Vec::with_capacity(n);
    for _ in 0..n {
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        let name = if rng.chance(0.25) {
            let initial = (b'A' + rng.below(26) as u8) as char;
            format!("{first} {initial}. {last}")
        } else {
            format!("{first} {last}")
        };
        let base = slugify(&name);
        let count = slugs.entry(base.clone()).or_insert(0);
        *count += 1;
        let slug = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        let role = rng.pick(ROLES);
        let company = rng.pick(COMPANIES);
        let headline = if company.starts_with(|c: char| c.is_lowercase()) {
            format!("{role} at {company}")
        } else {
            format!("{role}, {company}")
        };
        let k = rng.range(3, 8);
        let my_skills: Vec<&str> = skills
            .distinct(rng, k)
            .into_iter()
            .map(|i| SKILLS[i])
            .collect();
        let k = rng.range(1, 3);
        let my_industries: Vec<&str> = industries
            .distinct(rng, k)
            .into_iter()
            .map(|i| INDUSTRIES[i])
            .collect();
        let mut my_tracks: Vec<&'static str> = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let t = TRACKS[rng.below(TRACKS.len())].0;
            if !my_tracks.contains(&t) {
                my_tracks.push(t);
            }
        }
        let mut my_languages: Vec<&str> = Vec::new();
        if rng.chance(0.9) {
            my_languages.push("English");
        }
        let others = if my_languages.is_empty() {
            rng.range(1, 2)
        } else {
            rng.range(0, 2)
        };
        for i in languages.distinct(rng, others) {
            my_languages.push(LANGUAGES[i]);
        }
        let (location, timezone) = CITIES[cities.sample(rng)];
        let remote = rng.chance(0.7);
        let capacity = [1, 1, 2, 2, 2, 3, 3, 4][rng.below(8)];
        let mut formats: Vec<&str> = Vec::new();
        for f in MEETING_FORMATS {
            if rng.chance(if *f == "video" { 0.85 } else { 0.35 }) {
                formats.push(f);
            }
        }
        if formats.is_empty() {
            formats.push("video");
        }
        let years = rng.range(4, 30);

        let mut text = String::with_capacity(2048);
        let _ = writeln!(text, "+++\nname = {}", q(&name));
        let _ = writeln!(text, "headline = {}", q(&headline));
        let _ = writeln!(text, "skills = {}", toml_list(&my_skills));
        let _ = writeln!(text, "industries = {}", toml_list(&my_industries));
        let _ = writeln!(text, "tracks = {}", toml_list(&my_tracks));
        let _ = writeln!(text, "languages = {}", toml_list(&my_languages));
        let _ = writeln!(text, "location = {}", q(location));
        let _ = writeln!(text, "timezone = {}", q(timezone));
        let _ = writeln!(text, "remote = {remote}");
        let _ = writeln!(text, "capacity = {capacity}");
        let _ = writeln!(text, "meeting_formats = {}", toml_list(&formats));
        let _ = writeln!(text, "years_experience = {years}");
        if rng.chance(0.5) {
            let _ = writeln!(
                text,
                "links = {{ website = \"https://{slug}.example.org\" }}"
            );
        }
        text.push_str("+++\n");

        // Biography: two to four paragraphs.
        let mut words = 0;
        let industry = my_industries[0];
        let _ = writeln!(
            text,
            "I have spent {years} years working in {}, most recently as {role} at {company}.",
            industry.to_lowercase(),
        );
        text.push_str(&paragraph(
            rng,
            &my_skills[0].to_lowercase(),
            (2, 3),
            &mut words,
        ));
        let paragraphs = rng.range(2, 4);
        for p in 1..paragraphs {
            text.push('\n');
            if p == 1 {
                let _ = writeln!(text, "I can help with:\n");
                for s in my_skills.iter().take(4) {
                    let _ = writeln!(text, "- {} — {};", s, rng.pick(OBJECTS));
                }
                text.push('\n');
            }
            let topic = my_skills[rng.below(my_skills.len())].to_lowercase();
            text.push_str(&paragraph(rng, &topic, (2, 4), &mut words));
        }
        let _ = write!(
            text,
            "\nI prefer {} sessions",
            formats.join(" or ").replace("chat", "chat-based")
        );
        text.push_str(if remote {
            ", and I am happy to mentor remotely.\n"
        } else {
            " near where I live.\n"
        });
        w.write(&content.join("mentors").join(format!("{slug}.md")), &text)?;
        mentors.push(Mentor {
            slug,
            capacity,
            tracks: my_tracks,
        });
    }
    Ok(mentors)
}

// ---------------------------------------------------------------------------
// Pairs

fn person(rng: &mut Rng) -> (String, String) {
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    let email = format!(
        "{}.{}{}@example.org",
        slugify(first).replace('-', ""),
        slugify(last).replace('-', ""),
        rng.below(1000)
    );
    (format!("{first} {last}"), email)
}

fn write_pairs(
    w: &mut Writer,
    root: &Path,
    mentors: &[Mentor],
    rng: &mut Rng,
) -> io::Result<usize> {
    let mut text = String::from(
        "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\n",
    );
    let mut rows = 0;
    for m in mentors {
        // Mentees already paired with this mentor (current pairs must be unique).
        let mut mentees: HashSet<String> = HashSet::new();
        let active = if rng.chance(0.3) {
            0
        } else {
            rng.range(1, m.capacity)
        };
        let mut statuses: Vec<&str> = vec!["active"; active];
        if rng.chance(0.05) {
            statuses.push("proposed");
        }
        for _ in 0..rng.range(0, 2) {
            statuses.push(if rng.chance(0.8) {
                "completed"
            } else {
                "ended"
            });
        }
        for status in statuses {
            let (mut mentee, mut email) = person(rng);
            while !mentees.insert(mentee.to_lowercase()) {
                (mentee, email) = person(rng);
            }
            let (start, end) = if status == "active" || status == "proposed" {
                ((2026, 1, 12), (2026, 7, 10))
            } else {
                ((2025, 3, 3), (2025, 8, 29))
            };
            let offset = rng.below(30) as i64;
            let goals: Vec<&str> = (0..rng.range(1, 3)).map(|_| rng.pick(GOALS)).collect();
            let track = m.tracks[rng.below(m.tracks.len())];
            let _ = writeln!(
                text,
                "{},{},{},{},{},{},{},{},{},{},{}",
                m.slug,
                csv_cell(&mentee),
                email,
                track,
                add_days(start.0, start.1, start.2, offset),
                add_days(end.0, end.1, end.2, offset),
                ["weekly", "biweekly", "biweekly", "monthly"][rng.below(4)],
                ["45 minutes", "60 minutes", "60 minutes", "90 minutes"][rng.below(4)],
                rng.pick(&["video", "video", "in-person", "phone"]),
                csv_cell(&goals.join(";")),
                status
            );
            rows += 1;
        }
    }
    w.write(&root.join("data/pairs.csv"), &text)?;
    Ok(rows)
}

// ---------------------------------------------------------------------------
// Survey rounds

const LIKERT: &[&str] = &[
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];

struct Question {
    id: String,
    kind: String,
    required: bool,
    min: i64,
    max: i64,
    options: Vec<String>,
    labels: Vec<String>,
    /// A matrix's row labels (a row is a label or a table with one).
    rows: Vec<String>,
}

fn parse_schema(text: &str) -> Result<Vec<Question>, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("feedback.toml: {e}"))?;
    let list = table
        .get("questions")
        .and_then(|q| q.as_array())
        .ok_or("feedback.toml has no [[questions]]")?;
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for q in list {
        let id = q
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let kind = q
            .get("kind")
            .and_then(|v| v.as_str())
            .unwrap_or("text")
            .to_string();
        let int =
            |key: &str, default: i64| q.get(key).and_then(|v| v.as_integer()).unwrap_or(default);
        out.push(Question {
            id,
            required: q.get("required").and_then(|v| v.as_bool()).unwrap_or(false),
            min: int("min", if kind == "nps" { 0 } else { 1 }),
            max: int(
                "max",
                match kind.as_str() {
                    "nps" => 10,
                    "number" => 100,
                    _ => 5,
                },
            ),
            options: strings(q.get("options")),
            labels: strings(q.get("labels")),
            rows: q
                .get("rows")
                .and_then(|v| v.as_array())
                .map(|rows| {
                    rows.iter()
                        .filter_map(|r| r.as_str().or_else(|| r.get("label")?.as_str()))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            kind,
        });
    }
    Ok(out)
}

fn answer(rng: &mut Rng, q: &Question, n: usize, opens: (i32, u32, u32)) -> String {
    let optional_blank = match q.kind.as_str() {
        "text" => 0.5,
        "email" | "name" | "id" => 0.0,
        _ => 0.1,
    };
    if !q.required && rng.chance(optional_blank) {
        return String::new();
    }
    // A mild positive skew, as real satisfaction scores have.
    let skewed = |rng: &mut Rng, lo: i64, hi: i64| -> i64 {
        let span = (hi - lo + 1) as usize;
        let a = rng.below(span);
        let b = rng.below(span);
        lo + a.max(b) as i64
    };
    match q.kind.as_str() {
        "scale" => skewed(rng, q.min, q.max).to_string(),
        "nps" => skewed(rng, 0, 10).to_string(),
        "likert" => {
            let v = skewed(rng, 1, 5);
            let labels: Vec<&str> = if q.labels.len() == 5 {
                q.labels.iter().map(String::as_str).collect()
            } else {
                LIKERT.to_vec()
            };
            if rng.chance(0.1) {
                v.to_string()
            } else {
                labels[(v - 1) as usize].to_string()
            }
        }
        "choice" if !q.options.is_empty() => csv_cell(&q.options[rng.below(q.options.len())]),
        "multi" => {
            let mut picked: Vec<&str> = q
                .options
                .iter()
                .filter(|_| rng.chance(0.35))
                .map(String::as_str)
                .collect();
            if picked.is_empty() && !q.options.is_empty() {
                picked.push(&q.options[rng.below(q.options.len())]);
            }
            csv_cell(&picked.join(";"))
        }
        // The normalised cell of a grid: a `Row: answer` line per row.
        "matrix" => {
            let answers = if q.options.is_empty() {
                &q.labels
            } else {
                &q.options
            };
            if answers.is_empty() {
                return String::new();
            }
            let lines: Vec<String> = q
                .rows
                .iter()
                .map(|row| {
                    let v = skewed(rng, 1, answers.len() as i64);
                    format!("{row}: {}", answers[(v - 1) as usize])
                })
                .collect();
            csv_cell(&lines.join("\n"))
        }
        "number" => {
            let hi = q.max.min(20);
            if rng.chance(0.3) {
                format!(
                    "{}.5",
                    rng.range(q.min as usize, (hi - 1).max(q.min) as usize)
                )
            } else {
                rng.range(q.min as usize, hi as usize).to_string()
            }
        }
        "email" => format!("person{n}@example.org"),
        "name" => {
            let (name, _) = person(rng);
            csv_cell(&name)
        }
        "date" => add_days(opens.0, opens.1, opens.2, rng.below(18) as i64),
        "id" => n.to_string(),
        _ => csv_cell(rng.pick(FEEDBACK_TEXT)),
    }
}

fn write_rounds(
    w: &mut Writer,
    root: &Path,
    schema_text: &str,
    rounds: usize,
    submissions: usize,
    rng: &mut Rng,
) -> Result<(), String> {
    let questions = parse_schema(schema_text)?;
    let io = |e: io::Error| e.to_string();
    w.write(&root.join("data/forms/feedback.toml"), schema_text)
        .map_err(io)?;
    let mut person_no = 0;
    for r in 0..rounds {
        let year = 2022 + (r / 2) as i32;
        let (name, title, opens) = if r % 2 == 0 {
            (
                format!("{year}-spring"),
                format!("Spring {year}"),
                (year, 3, 2),
            )
        } else {
            (
                format!("{year}-autumn"),
                format!("Autumn {year}"),
                (year, 10, 5),
            )
        };
        let count = submissions / rounds + usize::from(r < submissions % rounds);
        let dir = root.join("data/rounds").join(&name);
        let meta = format!(
            "title = {}\nopens = {}\ncloses = {}\n\n# People invited to each form, for the response rate.\n[invited]\nfeedback = {}\n",
            q(&title),
            date(opens.0, opens.1, opens.2),
            add_days(opens.0, opens.1, opens.2, 18),
            count + count / 4 + 3
        );
        w.write(&dir.join("round.toml"), &meta).map_err(io)?;
        let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        let mut csv = ids.join(",");
        csv.push('\n');
        for _ in 0..count {
            person_no += 1;
            let row: Vec<String> = questions
                .iter()
                .map(|q| answer(rng, q, person_no, opens))
                .collect();
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        w.write(&dir.join("feedback.csv"), &csv).map_err(io)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The Hugo twin

/// Rewrites `(@/handbook/a/b.md)` and `(@/handbook/a/_index.md)` links to
/// `/handbook/a/b/` and `/handbook/a/`.
fn hugo_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let (target, fragment) = match after[..end].split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (&after[..end], None),
        };
        let path = target.trim_end_matches(".md");
        let path = path
            .strip_suffix("_index")
            .unwrap_or(path)
            .trim_end_matches('/');
        out.push('/');
        out.push_str(path);
        out.push('/');
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn copy_tree(w: &mut Writer, from: &Path, to: &Path, rewrite: bool) -> io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(w, &path, &dest, rewrite)?;
        } else {
            let text = fs::read_to_string(&path)?;
            let text = if rewrite { hugo_links(&text) } else { text };
            w.write(&dest, &text)?;
        }
    }
    Ok(())
}

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if and .Title (ne .Title site.Title) }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ else }}<meta name="description" content="{{ site.Params.description }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="sitemap" type="application/xml" href="{{ "sitemap.xml" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <nav aria-label="Main">
      <ul class="nav-list">
        {{ $current := .RelPermalink }}
        {{ range site.Menus.main }}<li><a href="{{ .URL }}"{{ if hasPrefix $current .URL }} aria-current="{{ if eq $current .URL }}page{{ else }}true{{ end }}"{{ end }}>{{ .Name }}</a></li>{{ end }}
      </ul>
    </nav>
    <form class="search-form" role="search" action="{{ "handbook/" | relURL }}" method="get" data-search-index="{{ "index.json" | relURL }}">
      <label class="visually-hidden" for="site-search">Search the handbook and mentors</label>
      <input id="site-search" type="search" name="q" placeholder="Search" autocomplete="off" hidden>
    </form>
  </div>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Title }}{{ with site.Params.description }} — {{ . }}{{ end }}</p>
    <p><a href="{{ "sitemap.xml" | relURL }}">Sitemap</a></p>
  </div>
</footer>
<script src="{{ "site.js" | relURL }}" defer></script>
{{ block "scripts" . }}{{ end }}
</body>
</html>
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}
<div class="wrap">
  <section class="hero" aria-labelledby="page-title">
    <h1 id="page-title">{{ .Title }}</h1>
    {{ with site.Params.description }}<p class="lead">{{ . }}</p>{{ end }}
    <p class="cta"><a class="button primary" href="{{ "handbook/" | relURL }}">Read the handbook</a><a class="button" href="{{ "mentors/" | relURL }}">Browse {{ len (where site.RegularPages "Section" "mentors") }} mentors</a></p>
  </section>
  <div class="prose">{{ .Content }}</div>
  {{ with site.GetPage "/handbook" }}
  <section class="section-grid" aria-labelledby="contents-title">
    <h2 id="contents-title">What's inside</h2>
    {{ range .Sections }}
    <div class="section-block">
      <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
      {{ with .Description }}<p>{{ . }}</p>{{ end }}
      {{ with .Sections }}<ul class="link-list">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
      {{ with .RegularPages }}<ul class="link-list">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
    </div>
    {{ end }}
  </section>
  {{ end }}
</div>
{{ end }}
"##;

/// The search index: every guide and every mentor, like mentorsite's
/// `search-index.json`.
const HUGO_HOME_JSON: &str = r##"[{{ $first := true }}{{ range site.RegularPages }}{{ if $first }}{{ $first = false }}{{ else }},{{ end }}{{ if eq .Section "mentors" }}{{ dict "t" .Params.name "u" .RelPermalink "k" "Mentor" "d" .Params.headline "b" .Plain | jsonify }}{{ else }}{{ dict "t" .Title "u" .RelPermalink "k" .Parent.Title "d" .Description "b" .Plain | jsonify }}{{ end }}{{ end }}]
"##;

const HUGO_BREADCRUMBS: &str = r##"<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>{{ range .Ancestors.Reverse }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}<li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li></ol>
</nav>
"##;

const HUGO_PAGER: &str = r##"{{ if or .PrevInSection .NextInSection }}
<nav class="pager" aria-label="Previous and next">
  {{ with .NextInSection }}<a class="pager-prev" rel="prev" href="{{ .RelPermalink }}"><span class="pager-label">Previous</span> {{ .Title }}</a>{{ end }}
  {{ with .PrevInSection }}<a class="pager-next" rel="next" href="{{ .RelPermalink }}"><span class="pager-label">Next</span> {{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "main" }}
<div class="wrap">
  {{ partial "breadcrumbs.html" . }}
  <h1>{{ .Title }}</h1>
  {{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
  {{ with .Content }}<div class="prose">{{ . }}</div>{{ end }}
  {{ with .RegularPages }}
  <h2 id="in-this-section">In this section</h2>
  <ul class="page-list">
    {{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}
  </ul>
  {{ end }}
  {{ range $i, $sub := .Sections }}
  <section class="subsection" aria-labelledby="sub-{{ $i }}">
    <h2 id="sub-{{ $i }}"><a href="{{ $sub.RelPermalink }}">{{ $sub.Title }}</a></h2>
    {{ with $sub.Description }}<p>{{ . }}</p>{{ end }}
    <ul class="page-list">
      {{ range $sub.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}
      {{ range $sub.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
    </ul>
  </section>
  {{ end }}
</div>
{{ end }}
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<div class="wrap with-sidebar">
  <aside class="sidebar" aria-label="{{ .Parent.Title }}">
    <p class="sidebar-title"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
    <ul>
      {{ $url := .RelPermalink }}
      {{ range .Parent.RegularPages }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $url }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}
    </ul>
  </aside>
  <article class="page">
    {{ partial "breadcrumbs.html" . }}
    <h1>{{ .Title }}</h1>
    {{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
    <p class="page-meta">{{ .ReadingTime }} min read{{ with .Params.updated }} · Last updated <time datetime="{{ . }}">{{ . }}</time>{{ else }}{{ with .Date }} · <time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2006-01-02" }}</time>{{ end }}{{ end }}</p>
    {{ if gt (len .Fragments.Headings) 1 }}
    <nav class="toc" aria-labelledby="toc-title">
      <h2 id="toc-title">On this page</h2>
      {{ .TableOfContents }}
    </nav>
    {{ end }}
    <div class="prose">{{ .Content }}</div>
    {{ partial "pager.html" . }}
  </article>
</div>
{{ end }}
"##;

/// Active pairs per mentor from `pairs.csv`, read once per build.
const HUGO_ACTIVE: &str = r##"{{ $s := newScratch }}
{{ range after 1 (resources.Get "pairs.csv" | transform.Unmarshal) }}{{ if eq (index . 10) "active" }}{{ $s.Add (index . 0) 1 }}{{ end }}{{ end }}
{{ return $s }}
"##;

const HUGO_SPOTS: &str = r##"{{ $active := (partialCached "active.html" "active").Get .File.ContentBaseName | default 0 }}{{ $open := sub (int .Params.capacity) $active }}{{ if lt $open 0 }}{{ $open = 0 }}{{ end }}{{ return $open }}
"##;

const HUGO_CARD: &str = r##"{{ $open := partial "spots.html" . }}
<li class="mentor-card" data-slug="{{ .File.ContentBaseName }}">
  <article aria-labelledby="mentor-{{ .File.ContentBaseName }}">
    <span class="avatar avatar-initials" aria-hidden="true">{{ range first 2 (split .Params.name " ") }}{{ substr . 0 1 }}{{ end }}</span>
    <div class="card-body">
      <h3 id="mentor-{{ .File.ContentBaseName }}"><a href="{{ .RelPermalink }}">{{ .Params.name }}</a></h3>
      {{ with .Params.headline }}<p class="headline">{{ . }}</p>{{ end }}
      <p class="meta">
        {{ with .Params.location }}<span>{{ . }}</span>{{ end }}
        {{ if .Params.remote }}<span class="badge">Remote</span>{{ end }}
        <span class="spots{{ if eq $open 0 }} spots-full{{ end }}">{{ if eq $open 0 }}No open spots{{ else }}{{ $open }} open {{ cond (eq $open 1) "spot" "spots" }}{{ end }}</span>
      </p>
      {{ with .GetTerms "skills" }}
      <ul class="tags" aria-label="Skills">
        {{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
      </ul>
      {{ end }}
    </div>
  </article>
</li>
"##;

const HUGO_MENTORS_LIST: &str = r##"{{ define "main" }}
<div class="wrap">
  <h1>Mentors</h1>
  {{ $all := sort .RegularPages "Params.name" }}
  <p class="lead">{{ len $all }} mentors from across the program. Filter by what you want to learn, or browse by skill, industry, track and language.</p>
  <form class="filters" id="mentor-filters" data-index="{{ "mentors/index.json" | relURL }}" hidden>
    <fieldset>
      <legend>Filter mentors</legend>
      <div class="filter-grid">
        <div class="field"><label for="filter-q">Search names, headlines and skills</label><input id="filter-q" name="q" type="search" autocomplete="off"></div>
        {{ range $name, $terms := site.Taxonomies }}
        <div class="field">
          <label for="filter-{{ $name }}">{{ $name | humanize }}</label>
          <select id="filter-{{ $name }}" name="{{ $name }}">
            <option value="">Any</option>
            {{ range $terms.ByCount }}<option value="{{ .Name }}">{{ .Page.Title }} ({{ .Count }})</option>{{ end }}
          </select>
        </div>
        {{ end }}
      </div>
    </fieldset>
  </form>
  {{ $pager := .Paginate $all }}
  <p id="result-count" class="result-count" role="status" aria-live="polite">Showing {{ len $pager.Pages }} of {{ len $all }} mentors</p>
  <ul class="mentor-grid" id="mentor-list">
    {{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
  </ul>
  {{ if gt $pager.TotalPages 1 }}
  <nav class="pagination" id="pagination" aria-label="Directory pages">
    <ul>
      {{ with $pager.Prev }}<li><a rel="prev" href="{{ .URL }}">Previous</a></li>{{ end }}
      {{ range $pager.Pagers }}<li><a href="{{ .URL }}"{{ if eq .PageNumber $pager.PageNumber }} aria-current="page"{{ end }}>{{ .PageNumber }}</a></li>{{ end }}
      {{ with $pager.Next }}<li><a rel="next" href="{{ .URL }}">Next</a></li>{{ end }}
    </ul>
  </nav>
  {{ end }}
  <section class="facet-lists" aria-labelledby="browse-title">
    <h2 id="browse-title">Browse by</h2>
    <div class="facet-columns">
    {{ range $name, $terms := site.Taxonomies }}
      <details>
        <summary>{{ $name | humanize }} ({{ len $terms }})</summary>
        <ul class="facet-values">
          {{ range $terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}
        </ul>
        <p><a href="{{ printf "/%s/" $name | relURL }}">All {{ $name }}</a></p>
      </details>
    {{ end }}
    </div>
  </section>
</div>
{{ end }}
{{ define "scripts" }}<script src="{{ "directory.js" | relURL }}" defer></script>{{ end }}
"##;

/// The directory's filter index, like mentorsite's `mentors/index.json`.
const HUGO_MENTORS_JSON: &str = r##"{{ $first := true }}{"mentors":[{{ range sort .RegularPages "Params.name" }}{{ if $first }}{{ $first = false }}{{ else }},{{ end }}{{ $m := . }}{{ $open := partial "spots.html" . }}{{ $facets := dict }}{{ range $tax := slice "skills" "industries" "tracks" "languages" }}{{ $values := slice }}{{ range $m.GetTerms $tax }}{{ $values = $values | append .Title }}{{ end }}{{ $facets = merge $facets (dict $tax $values) }}{{ end }}{{ slice .File.ContentBaseName .Params.name .Params.headline .Params.location .Params.remote $open .Params.capacity $facets | jsonify }}{{ end }}]}
"##;

const HUGO_MENTOR_SINGLE: &str = r##"{{ define "main" }}
{{ $open := partial "spots.html" . }}
<div class="wrap narrow">
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol><li><a href="{{ "mentors/" | relURL }}">Mentors</a></li><li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Params.name }}</a></li></ol>
  </nav>
  <article class="profile" aria-labelledby="mentor-name">
    <header class="profile-header">
      <span class="avatar avatar-large avatar-initials" aria-hidden="true">{{ range first 2 (split .Params.name " ") }}{{ substr . 0 1 }}{{ end }}</span>
      <div>
        <h1 id="mentor-name">{{ .Params.name }}</h1>
        {{ with .Params.headline }}<p class="lead">{{ . }}</p>{{ end }}
        <p class="spots{{ if eq $open 0 }} spots-full{{ end }}">{{ if eq $open 0 }}No open spots{{ else }}{{ $open }} open {{ cond (eq $open 1) "spot" "spots" }}{{ end }}</p>
      </div>
    </header>
    <dl class="facts">
      {{ with .Params.location }}<div><dt>Location</dt><dd>{{ . }}{{ if $.Params.remote }} · also remote{{ end }}</dd></div>{{ end }}
      {{ with .Params.timezone }}<div><dt>Time zone</dt><dd>{{ . }}</dd></div>{{ end }}
      {{ with .Params.years_experience }}<div><dt>Experience</dt><dd>{{ . }} years</dd></div>{{ end }}
      {{ with .Params.meeting_formats }}<div><dt>Meets by</dt><dd>{{ delimit . ", " }}</dd></div>{{ end }}
      {{ range $tax := slice "tracks" "skills" "industries" "languages" }}
      {{ with $.GetTerms $tax }}<div><dt>{{ $tax | humanize }}</dt><dd><ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd></div>{{ end }}
      {{ end }}
    </dl>
    <div class="prose bio">{{ .Content }}</div>
    {{ with .Params.links }}
    <h2>Links</h2>
    <ul class="link-list">{{ range $name, $url := . }}<li><a href="{{ $url }}" rel="noopener nofollow ugc">{{ $name | humanize }}</a></li>{{ end }}</ul>
    {{ end }}
  </article>
</div>
{{ end }}
"##;

const HUGO_TAXONOMY: &str = r##"{{ define "main" }}
<div class="wrap narrow">
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol><li><a href="{{ "mentors/" | relURL }}">Mentors</a></li><li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li></ol>
  </nav>
  <h1>Mentors by {{ .Data.Singular }}</h1>
  <ul class="facet-values facet-values-large">
    {{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }} {{ cond (eq .Count 1) "mentor" "mentors" }}</span></li>{{ end }}
  </ul>
</div>
{{ end }}
"##;

const HUGO_TERM: &str = r##"{{ define "main" }}
<div class="wrap">
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol><li><a href="{{ "mentors/" | relURL }}">Mentors</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li><li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li></ol>
  </nav>
  <h1>{{ .Title }}</h1>
  {{ $n := len .Pages }}
  <p class="lead">{{ $n }} {{ cond (eq $n 1) "mentor" "mentors" }} with the {{ .Data.Singular }} {{ .Title }}.</p>
  <ul class="mentor-grid">
    {{ range sort .Pages "Params.name" }}{{ partial "card.html" . }}{{ end }}
  </ul>
  <p><a href="{{ .Parent.RelPermalink }}">All {{ .Parent.Title | lower }}</a> · <a href="{{ "mentors/" | relURL }}">All mentors</a></p>
</div>
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}
<div class="wrap narrow">
  <h1>Page not found</h1>
  <p>Try the <a href="{{ "handbook/" | relURL }}">handbook</a> or the <a href="{{ "mentors/" | relURL }}">mentor directory</a>.</p>
</div>
{{ end }}
"##;

/// The whole handbook on one page, for printing.
const HUGO_PRINT: &str = r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{{ .Title }} (print) · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body class="print">
<main>
<h1 id="{{ .File.Dir | urlize }}">{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
{{ partial "print-section.html" . }}
</main>
</body>
</html>
"##;

const HUGO_PRINT_SECTION: &str = r##"{{ range .Sections }}
<section class="print-section">
<h2 id="{{ .File.Dir | urlize }}" class="print-page-title">{{ .Title }}</h2>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
{{ range .RegularPages }}
<article class="print-page">
<h2 id="{{ .File.Dir | urlize }}{{ .File.ContentBaseName }}" class="print-page-title">{{ .Title }}</h2>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
</article>
{{ end }}
{{ partial "print-section.html" . }}
</section>
{{ end }}
"##;

fn write_hugo(w: &mut Writer, out: &Path, hugo: &Path) -> io::Result<()> {
    let mut config = String::from(
        "baseURL = \"https://mentoring.example.org/\"\n\
         title = \"Benchmark Mentorship Program\"\n\
         languageCode = \"en\"\n\
         enableRobotsTXT = true\n\
         rssLimit = 50\n\n\
         [pagination]\n\
         pagerSize = 60\n\n\
         [params]\n\
         description = \"A generated program for benchmarking mentorsite.\"\n\n\
         [taxonomies]\n\
         skill = \"skills\"\n\
         industry = \"industries\"\n\
         track = \"tracks\"\n\
         language = \"languages\"\n\n\
         [outputs]\n\
         home = [\"HTML\", \"JSON\", \"RSS\"]\n\
         section = [\"HTML\"]\n\
         taxonomy = [\"HTML\"]\n\
         term = [\"HTML\"]\n\n\
         [outputFormats.print]\n\
         mediaType = \"text/html\"\n\
         baseName = \"index\"\n\
         path = \"print\"\n\
         isHTML = true\n\
         permalinkable = true\n\n\
         [markup.goldmark.extensions]\n\
         typographer = true\n\
         footnote = true\n\
         strikethrough = true\n\
         table = true\n\
         taskList = true\n\n\
         [markup.tableOfContents]\n\
         startLevel = 2\n\
         endLevel = 3\n\
         ordered = true\n\n",
    );
    for (i, (name, url)) in [("Handbook", "/handbook/"), ("Mentors", "/mentors/")]
        .iter()
        .enumerate()
    {
        let _ = write!(
            config,
            "[[menus.main]]\nname = \"{name}\"\nurl = \"{url}\"\nweight = {}\n\n",
            i + 1
        );
    }
    w.write(&hugo.join("hugo.toml"), &config)?;
    copy_tree(w, &out.join("content"), &hugo.join("content"), true)?;
    // The handbook also renders as one printable page, like mentorsite's
    // /handbook/print/.
    let handbook = hugo.join("content/handbook/_index.md");
    let text = fs::read_to_string(&handbook)?;
    let text = text.replacen("+++\n", "+++\noutputs = [\"HTML\", \"print\"]\n", 1);
    fs::write(&handbook, text)?;
    // The directory's own page, so it can also write its filter index.
    w.write(
        &hugo.join("content/mentors/_index.md"),
        "+++\ntitle = \"Mentors\"\noutputs = [\"HTML\", \"JSON\"]\n+++\n",
    )?;
    // Read by the `active.html` partial (resources.Get and
    // transform.Unmarshal; Hugo 0.168 has no getCSV) for open spots.
    w.write(
        &hugo.join("assets/pairs.csv"),
        &fs::read_to_string(out.join("data/pairs.csv"))?,
    )?;
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    if static_dir.is_dir() {
        copy_tree(w, &static_dir, &hugo.join("static"), false)?;
    }
    let layouts = hugo.join("layouts");
    for (path, text) in [
        ("_default/baseof.html", HUGO_BASEOF),
        ("index.html", HUGO_HOME),
        ("index.json", HUGO_HOME_JSON),
        ("_default/list.html", HUGO_LIST),
        ("_default/single.html", HUGO_SINGLE),
        ("_default/taxonomy.html", HUGO_TAXONOMY),
        ("_default/term.html", HUGO_TERM),
        ("mentors/list.html", HUGO_MENTORS_LIST),
        ("mentors/list.json", HUGO_MENTORS_JSON),
        ("mentors/single.html", HUGO_MENTOR_SINGLE),
        ("404.html", HUGO_404),
        ("_default/list.print.html", HUGO_PRINT),
        ("partials/print-section.html", HUGO_PRINT_SECTION),
        ("partials/breadcrumbs.html", HUGO_BREADCRUMBS),
        ("partials/pager.html", HUGO_PAGER),
        ("partials/active.html", HUGO_ACTIVE),
        ("partials/spots.html", HUGO_SPOTS),
        ("partials/card.html", HUGO_CARD),
    ] {
        w.write(&layouts.join(path), text)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Zola twin: the same Markdown (Zola reads `@/` links itself), mentor
// profiles with their facets as taxonomies, and minimal templates.

const ZOLA_BASE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
</head>
<body>
<header><a href="{{ config.base_url }}/">{{ config.title }}</a>
<nav><a href="{{ get_url(path='@/handbook/_index.md') }}">Handbook</a> <a href="{{ get_url(path='@/mentors/_index.md') }}">Mentors</a></nav></header>
<main id="main">{% block content %}{% endblock %}</main>
<footer>{{ config.description }}</footer>
</body>
</html>
"##;

const ZOLA_MACROS: &str = r##"{% macro card(p) %}<li class="card"><a href="{{ p.permalink }}">{{ p.title }}</a><p>{{ p.description }}</p><p>{% for s in p.taxonomies.skills %}<span class="tag">{{ s }}</span> {% endfor %}</p></li>{% endmacro card %}
{% macro pager(paginator) %}<nav class="pager">{% if paginator.previous %}<a href="{{ paginator.previous }}">Previous</a>{% endif %} {{ paginator.current_index }} / {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next }}">Next</a>{% endif %}</nav>{% endmacro pager %}
"##;

const ZOLA_INDEX: &str = r##"{% extends "base.html" %}
{% block content %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
{% endblock %}
"##;

const ZOLA_SECTION: &str = r##"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1>
{% if section.description %}<p>{{ section.description }}</p>{% endif %}
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %} — {{ p.description }}{% endif %}</li>{% endfor %}</ul>
{% endblock %}
"##;

const ZOLA_PAGE: &str = r##"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block content %}<article><h1>{{ page.title }}</h1>
{% if page.description %}<p>{{ page.description }}</p>{% endif %}
{% if page.updated %}<p>Last updated {{ page.updated }}</p>{% endif %}
<nav class="toc"><ol>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ol>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ol>{% endif %}</li>{% endfor %}</ol></nav>
{{ page.content | safe }}
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
</article>{% endblock %}
"##;

const ZOLA_MENTORS: &str = r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1>
<ul class="cards">{% for p in paginator.pages %}{{ m::card(p=p) }}{% endfor %}</ul>
{{ m::pager(paginator=paginator) }}
{% endblock %}
"##;

const ZOLA_MENTOR: &str = r##"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block content %}<article><h1>{{ page.title }}</h1><p>{{ page.description }}</p>
<p>{{ page.extra.location }} · {{ page.extra.timezone }}{% if page.extra.remote %} · remote{% endif %} · {{ page.extra.capacity }} mentees</p>
{% for tax, terms in page.taxonomies %}<h2>{{ tax }}</h2><ul>{% for t in terms %}<li><a href="{{ get_taxonomy_url(kind=tax, name=t) }}">{{ t }}</a></li>{% endfor %}</ul>{% endfor %}
{{ page.content | safe }}
</article>{% endblock %}
"##;

const ZOLA_TAXONOMY_LIST: &str = r##"{% extends "base.html" %}
{% block content %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>
{% endblock %}
"##;

const ZOLA_TAXONOMY_SINGLE: &str = r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ term.name }} · {{ config.title }}{% endblock %}
{% block content %}<h1>{{ term.name }}</h1>
<ul class="cards">{% for p in paginator.pages %}{{ m::card(p=p) }}{% endfor %}</ul>
{{ m::pager(paginator=paginator) }}
{% endblock %}
"##;

const ZOLA_404: &str = r##"{% extends "base.html" %}
{% block content %}<h1>Page not found</h1>{% endblock %}
"##;

/// A mentor profile for Zola: `name` and `headline` become the title and
/// description, the facets taxonomies, the rest `[extra]`.
fn zola_profile(text: &str) -> Result<String, String> {
    let rest = text.strip_prefix("+++\n").ok_or("no front matter")?;
    let (front, body) = rest.split_once("+++\n").ok_or("unclosed front matter")?;
    let table: toml::Table = front.parse().map_err(|e| format!("{e}"))?;
    let mut out = toml::Table::new();
    let mut taxonomies = toml::Table::new();
    let mut extra = toml::Table::new();
    for (key, value) in table {
        match key.as_str() {
            "name" => {
                out.insert("title".into(), value);
            }
            "headline" => {
                out.insert("description".into(), value);
            }
            "skills" | "industries" | "tracks" | "languages" => {
                taxonomies.insert(key, value);
            }
            _ => {
                extra.insert(key, value);
            }
        }
    }
    out.insert("taxonomies".into(), toml::Value::Table(taxonomies));
    out.insert("extra".into(), toml::Value::Table(extra));
    let front = toml::to_string(&out).map_err(|e| format!("{e}"))?;
    Ok(format!("+++\n{front}+++\n{body}"))
}

fn write_zola(w: &mut Writer, out: &Path, zola: &Path) -> Result<(), String> {
    let io = |e: io::Error| e.to_string();
    let mut config = String::from(
        "base_url = \"https://mentoring.example.org\"\n\
         title = \"Benchmark Mentorship Program\"\n\
         description = \"A generated program for benchmarking mentorsite.\"\n\
         default_language = \"en\"\n\
         compile_sass = false\n\
         build_search_index = true\n\
         generate_feeds = true\n\
         feed_limit = 50\n\
         taxonomies = [\n",
    );
    for name in ["skills", "industries", "tracks", "languages"] {
        let _ = writeln!(config, "  {{ name = \"{name}\", paginate_by = 60 }},");
    }
    config.push_str("]\n\n[markdown]\nsmart_punctuation = true\n");
    w.write(&zola.join("config.toml"), &config).map_err(io)?;
    // Guides and sections as they are; profiles rewritten.
    for entry in fs::read_dir(out.join("content")).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_name() != "mentors" {
            let dest = zola.join("content").join(entry.file_name());
            if entry.file_type().map_err(io)?.is_dir() {
                copy_tree(w, &entry.path(), &dest, false).map_err(io)?;
            } else {
                let text = fs::read_to_string(entry.path()).map_err(io)?;
                w.write(&dest, &text).map_err(io)?;
            }
        }
    }
    let mentors = zola.join("content/mentors");
    w.write(
        &mentors.join("_index.md"),
        "+++\ntitle = \"Mentors\"\nsort_by = \"title\"\npaginate_by = 60\n\
         template = \"mentors.html\"\npage_template = \"mentor.html\"\n+++\n",
    )
    .map_err(io)?;
    for entry in fs::read_dir(out.join("content/mentors")).map_err(io)? {
        let entry = entry.map_err(io)?;
        let text = fs::read_to_string(entry.path()).map_err(io)?;
        let text = zola_profile(&text).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        w.write(&mentors.join(entry.file_name()), &text)
            .map_err(io)?;
    }
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    if static_dir.is_dir() {
        copy_tree(w, &static_dir, &zola.join("static"), false).map_err(io)?;
    }
    let templates = zola.join("templates");
    for (path, text) in [
        ("base.html", ZOLA_BASE),
        ("macros.html", ZOLA_MACROS),
        ("index.html", ZOLA_INDEX),
        ("section.html", ZOLA_SECTION),
        ("page.html", ZOLA_PAGE),
        ("mentors.html", ZOLA_MENTORS),
        ("mentor.html", ZOLA_MENTOR),
        ("taxonomy_list.html", ZOLA_TAXONOMY_LIST),
        ("taxonomy_single.html", ZOLA_TAXONOMY_SINGLE),
        ("404.html", ZOLA_404),
    ] {
        w.write(&templates.join(path), text).map_err(io)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------

fn site_toml() -> String {
    let mut text = String::from(
        "title = \"Benchmark Mentorship Program\"\n\
         base_url = \"https://mentoring.example.org\"\n\
         description = \"A generated program for benchmarking mentorsite.\"\n\
         language = \"en\"\n\
         theme = \"default\"\n\n[tracks]\n",
    );
    for (id, title) in TRACKS {
        let _ = writeln!(text, "{id} = {}", q(title));
    }
    text.push_str(
        "\n[privacy]\nmin_group_size = 5\nmin_comment_group_size = 10\n\n\
         [directory]\npage_size = 60\n",
    );
    text
}

fn run(args: &Args) -> Result<(), String> {
    let start = Instant::now();
    let io = |e: io::Error| e.to_string();
    let mut w = Writer { files: 0, bytes: 0 };
    let out = &args.out;
    if out.join("site.toml").exists() || out.join("content").exists() {
        return Err(format!(
            "{} already holds a site; give an empty or new folder",
            out.display()
        ));
    }
    let content = out.join("content");
    w.write(&out.join("site.toml"), &site_toml()).map_err(io)?;

    let mut rng = Rng::new(args.seed, 1);
    let (sections, guides) = write_handbook(&mut w, &content, args.guides, &mut rng).map_err(io)?;
    write_home(&mut w, &content, &sections).map_err(io)?;

    let mut rng = Rng::new(args.seed, 2);
    let mentors = write_mentors(&mut w, &content, args.mentors, &mut rng).map_err(io)?;

    let mut rng = Rng::new(args.seed, 3);
    let pairs = write_pairs(&mut w, out, &mentors, &mut rng).map_err(io)?;

    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/forms/feedback.toml");
    let mut rounds = 0;
    if !args.no_rounds && args.rounds > 0 && schema.is_file() {
        let text = fs::read_to_string(&schema).map_err(io)?;
        let mut rng = Rng::new(args.seed, 4);
        write_rounds(&mut w, out, &text, args.rounds, args.submissions, &mut rng)?;
        rounds = args.rounds;
    }
    let site_files = w.files;
    let site_bytes = w.bytes;

    if let Some(hugo) = &args.hugo {
        if hugo.join("hugo.toml").exists() || hugo.join("content").exists() {
            return Err(format!("{} already holds a site", hugo.display()));
        }
        write_hugo(&mut w, out, hugo).map_err(io)?;
    }
    if let Some(zola) = &args.zola {
        if zola.join("config.toml").exists() || zola.join("content").exists() {
            return Err(format!("{} already holds a site", zola.display()));
        }
        write_zola(&mut w, out, zola)?;
    }

    println!(
        "gen_corpus: {} guides in {} sections, {} mentors, {} pairs, {} rounds / {} submissions; \
         {} files, {:.1} MB{}; {:.2}s",
        guides.len(),
        sections.len() + 1,
        mentors.len(),
        pairs,
        rounds,
        if rounds > 0 { args.submissions } else { 0 },
        site_files,
        site_bytes as f64 / 1e6,
        if args.hugo.is_some() || args.zola.is_some() {
            format!(
                " (+ Hugo/Zola twins: {} files, {:.1} MB)",
                w.files - site_files,
                (w.bytes - site_bytes) as f64 / 1e6
            )
        } else {
            String::new()
        },
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    let result = parse_args().and_then(|args| run(&args));
    if let Err(message) = result {
        eprintln!("gen_corpus: {message}");
        std::process::exit(2);
    }
}
