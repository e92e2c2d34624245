"""Word lists the generator draws from (a small, fixed vocabulary; no external data)."""

# first name -> nicknames used for it in the wild
FIRST_NAMES_MALE = {
    "James": ["Jim", "Jimmy"], "John": ["Jack", "Johnny"], "Robert": ["Bob", "Rob", "Bobby"],
    "Michael": ["Mike"], "William": ["Bill", "Will"], "David": ["Dave"], "Richard": ["Rick", "Dick"],
    "Joseph": ["Joe"], "Thomas": ["Tom", "Tommy"], "Charles": ["Charlie", "Chuck"],
    "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"],
    "Anthony": ["Tony"], "Donald": ["Don"], "Steven": ["Steve"], "Andrew": ["Andy", "Drew"],
    "Kenneth": ["Ken"], "Joshua": ["Josh"], "Edward": ["Ed", "Eddie", "Ted"],
    "Benjamin": ["Ben"], "Samuel": ["Sam"], "Nicholas": ["Nick"], "Alexander": ["Alex"],
    "Jonathan": ["Jon"], "Timothy": ["Tim"], "Gregory": ["Greg"], "Patrick": ["Pat"],
    "Raymond": ["Ray"], "Lawrence": ["Larry"], "Gerald": ["Gerry"], "Zachary": ["Zach"],
    "Nathan": ["Nate"], "Peter": ["Pete"], "Frederick": ["Fred"], "Jeffrey": ["Jeff"],
    "José": [], "André": [], "Kevin": [], "Brian": [], "Jason": [], "Ryan": [], "Eric": [],
    "Jacob": [], "Gary": [], "Scott": [], "Brandon": [], "Justin": [], "Aaron": [], "Adam": [],
    "Kyle": [], "Tyler": [], "Noah": [], "Ethan": [], "Jeremy": [], "Dylan": [], "Jordan": [],
    "Luis": [], "Carlos": [], "Juan": [], "Miguel": [], "Omar": [], "Hiroshi": [], "Wei": [],
    "Arjun": [], "Mohammed": [], "Liam": [], "Lucas": [], "Mason": [], "Logan": [], "Owen": [],
    "Søren": [], "Björn": [], "François": [], "Zoltán": [],
}
FIRST_NAMES_FEMALE = {
    "Mary": ["Molly"], "Patricia": ["Pat", "Patty", "Trish"], "Jennifer": ["Jen", "Jenny"],
    "Linda": [], "Elizabeth": ["Liz", "Beth", "Betty", "Lizzie"], "Barbara": ["Barb"],
    "Susan": ["Sue", "Susie"], "Jessica": ["Jess"], "Sarah": [], "Karen": [],
    "Margaret": ["Maggie", "Peggy", "Meg"], "Katherine": ["Kate", "Kathy", "Katie"],
    "Deborah": ["Deb", "Debbie"], "Rebecca": ["Becky"], "Victoria": ["Vicky", "Tori"],
    "Christina": ["Tina", "Chris"], "Samantha": ["Sam"], "Alexandra": ["Alex", "Sasha"],
    "Abigail": ["Abby"], "Kimberly": ["Kim"], "Stephanie": ["Steph"], "Jacqueline": ["Jackie"],
    "Cynthia": ["Cindy"], "Pamela": ["Pam"], "Theresa": ["Terry"], "Dorothy": ["Dot"],
    "Nancy": [], "Lisa": [], "Betty": [], "Sandra": [], "Ashley": [], "Emily": [],
    "Donna": [], "Michelle": [], "Amanda": ["Mandy"], "Melissa": ["Mel"], "Laura": [],
    "Sharon": [], "Amy": [], "Anna": [], "Angela": [], "Helen": [], "Brenda": [], "Nicole": [],
    "Emma": [], "Olivia": [], "Sophia": [], "Isabella": ["Bella"], "Mia": [], "Chloe": [],
    "Grace": [], "Hannah": [], "Zoe": [], "Lily": [], "Chloé": [], "Renée": [], "Zoë": [],
    "María": [], "Lucía": [], "Ana": [], "Mei": [], "Yuki": [], "Priya": [], "Fatima": [],
    "Aisha": [], "Ingrid": [], "Agnès": [], "Małgorzata": [],
}

LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans",
    "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
    "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson",
    "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster",
    "Jimenez", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler",
    "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan",
    "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno",
    "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina",
    "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison",
    "Fernandez", "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry",
    "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson",
    "Porter", "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon",
    "Muñoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black", "Robertson", "Boyd",
    "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice", "Schmidt",
    "Müller", "Szczepański", "Kowalczyk", "O'Brien", "O'Connor", "Dubois", "Lefèvre", "Núñez",
    "Yamamoto", "Tanaka", "Zhang", "Wang", "Singh", "Kumar", "Haddad", "Novak", "Horvath",
    "Johansson", "Larsen", "Rossi", "Bianchi", "De Luca", "Van der Berg", "Al-Sayed",
]

STREET_NAMES = [
    "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
    "Walnut", "Sunset", "Lincoln", "Jackson", "Church", "River", "Highland", "Meadow",
    "Forest", "Spring", "Ridge", "Willow", "Chestnut", "Franklin", "Madison", "Jefferson",
    "Adams", "Mill", "Center", "Prospect", "Valley", "Dogwood", "Hickory", "Lakeview",
    "Cherry", "Birch", "Laurel", "Sycamore", "Poplar", "Magnolia", "Aspen", "Summit",
    "Harbor", "Bay", "Grove", "Orchard", "Garden", "Heritage", "Liberty", "Union",
]
# (long form, abbreviation)
STREET_TYPES = [
    ("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"), ("Lane", "Ln"),
    ("Boulevard", "Blvd"), ("Court", "Ct"), ("Place", "Pl"), ("Terrace", "Ter"),
    ("Circle", "Cir"), ("Parkway", "Pkwy"), ("Way", "Way"),
]

CITIES = [
    ("Springfield", "62701"), ("Riverside", "92501"), ("Franklin", "37064"),
    ("Greenville", "29601"), ("Bristol", "06010"), ("Clinton", "20735"), ("Fairview", "97024"),
    ("Salem", "97301"), ("Madison", "53703"), ("Georgetown", "78626"), ("Arlington", "22201"),
    ("Ashland", "97520"), ("Burlington", "05401"), ("Manchester", "03101"),
    ("Oxford", "38655"), ("Milton", "02186"), ("Newport", "02840"), ("Dover", "19901"),
    ("Hudson", "03051"), ("Kingston", "12401"), ("Lexington", "40507"), ("Auburn", "36830"),
    ("Dayton", "45402"), ("Lebanon", "17042"), ("Jackson", "39201"), ("Winchester", "22601"),
    ("Marion", "43302"), ("Centerville", "45459"), ("Portland", "04101"),
    ("Columbia", "65201"), ("Austin", "78701"), ("Denver", "80202"), ("Boston", "02108"),
    ("Seattle", "98101"), ("Chicago", "60601"), ("Phoenix", "85004"), ("Atlanta", "30303"),
    ("Miami", "33130"), ("Dallas", "75201"), ("Houston", "77002"), ("San Diego", "92101"),
    ("San José", "95113"), ("Albany", "12207"), ("Tulsa", "74103"), ("Omaha", "68102"),
    ("Reno", "89501"), ("Boise", "83702"), ("Fresno", "93721"), ("Tacoma", "98402"),
    ("Eugene", "97401"),
]

EMAIL_DOMAINS = [
    ("gmail.com", 0.40), ("yahoo.com", 0.15), ("outlook.com", 0.12), ("hotmail.com", 0.10),
    ("icloud.com", 0.08), ("aol.com", 0.04), ("proton.me", 0.03), ("example.org", 0.08),
]

TITLES = ["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Miss", "Prof."]

# Placeholder values people and systems type when they have no real value.
JUNK_EMAILS = ["test@test.com", "noemail@example.com", "n/a", "none@none.com", "na@na.com"]
JUNK_PHONES = ["0000000000", "1234567890", "n/a", "999-999-9999", "555-555-5555"]


def nickname_pairs() -> list[tuple[str, str]]:
    """(nickname, canonical first name) pairs, as shipped in seeds/config/nicknames.csv."""
    pairs = []
    for table in (FIRST_NAMES_MALE, FIRST_NAMES_FEMALE):
        for name, nicks in table.items():
            pairs.extend((nick, name) for nick in nicks)
    return pairs
