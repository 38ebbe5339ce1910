"""Names for the demo children: common names in England's communities, combined at random
so that every child is fictional. Chosen by the child's recorded ethnicity, so that a
caseload reads like a real one."""


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BRITISH_BOYS = _names(
    "Oliver Jack Harry Charlie George Jacob Noah Alfie Freddie Oscar Leo Archie Thomas Riley Logan Mason Ethan "
    "Lucas Joshua Max Alexander Tyler Kai Callum Dylan Reece Kyle Jayden Liam Connor Lewis Owen Ryan Ben Sam "
    "Toby Finley Harley Bailey Brandon Corey Luke Jake Louie Frankie Tommy Ronnie Albie Teddy"
)
BRITISH_GIRLS = _names(
    "Olivia Amelia Isla Ava Mia Emily Poppy Ella Lily Grace Sophie Evie Jessica Chloe Ruby Freya Millie Daisy "
    "Phoebe Scarlett Holly Lacey Leah Megan Paige Courtney Jade Kayleigh Abbie Ellie Erin Summer Willow Maisie "
    "Lexi Lola Hollie Caitlin Bethany Skye Amber Tilly Darcie Layla Harper Imogen Eliza Nancy Rosie Libby"
)
BRITISH_SURNAMES = _names(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts "
    "Green Hall Wood Jackson Clarke Harris Lewis Martin Cooper Hill Ward Morris Moore Clark Baker Harrison "
    "Morgan Patel Turner Parker Edwards Collins Stewart Cook Price Bennett Bell Shaw Chapman Hughes Lee Allen "
    "Mills Webb Marshall Holmes Simpson Atkinson Fox Barnes Hunt Lloyd Pearson Dawson Mason Ellis Riley Kemp "
    "Gibson Hodgson Pickering Brookes Slater Rowley Armitage Birch Crossley Hartley Bradshaw Naylor Platt"
)
IRISH_BOYS = _names("Sean Conor Ciaran Padraig Declan Eoin Niall Cormac Darragh Oisin Aidan Tadhg")
IRISH_GIRLS = _names("Niamh Aoife Siobhan Ciara Roisin Orla Saoirse Aisling Caoimhe Sinead Bridget Mairead")
IRISH_SURNAMES = _names(
    "Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill Doyle McCarthy Gallagher Doherty Kennedy "
    "Lynch Quinn Maguire Connors McDonagh Ward Joyce Delaney"
)
EASTERN_EUROPEAN_BOYS = _names(
    "Jakub Kacper Szymon Filip Mateusz Andrei Mihai Luca Darius Tomas Lukas Dawid Oskar Matei"
)
EASTERN_EUROPEAN_GIRLS = _names("Zuzanna Julia Maja Lena Zofia Alicja Ioana Maria Elena Daria Bianca Natalia Oliwia")
EASTERN_EUROPEAN_SURNAMES = _names(
    "Kowalczyk Wisniewski Nowicki Zielinski Wojcik Kaminski Lewandowski Popescu Ionescu Stoica Dumitru "
    "Horvath Balogh Kazlauskas Petrauskas Ozols Novak Dvorak Lakatos Rostas"
)
SOUTH_ASIAN_MUSLIM_BOYS = _names(
    "Muhammad Ibrahim Yusuf Ayaan Zayn Hamza Ismail Rayyan Amir Bilal Zakariya Haris Idris"
)
SOUTH_ASIAN_MUSLIM_GIRLS = _names("Aisha Maryam Zainab Fatima Hafsa Inaaya Safa Alina Zara Anaya Hania Aleena Iqra")
SOUTH_ASIAN_MUSLIM_SURNAMES = _names(
    "Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Rashid Begum Uddin Miah Rahman Chowdhury Hassan Aslam Bibi "
    "Sadiq Javed Nawaz Siddique"
)
INDIAN_BOYS = _names("Arjun Aarav Rohan Dev Kiran Harjit Jaspreet Vihaan Ishaan Krish Sahil Nikhil Arav")
INDIAN_GIRLS = _names("Priya Anika Diya Simran Navneet Kavya Riya Isha Meera Harleen Anjali Saanvi Pooja")
INDIAN_SURNAMES = _names("Patel Sharma Singh Kaur Gill Sandhu Mistry Chauhan Desai Joshi Bains Dhillon Shah Solanki")
AFRICAN_BOYS = _names("Chidi Emeka Kwame Kofi Tobi Samuel David Daniel Abdi Mohamed Tendai Jabari Kelechi Femi Yonas")
AFRICAN_GIRLS = _names("Adaeze Amara Chioma Esther Blessing Abena Ama Faith Hodan Ayaan Nia Zawadi Ifeoma Ruth Selam")
AFRICAN_SURNAMES = _names(
    "Okafor Adeyemi Mensah Osei Boateng Okonkwo Nwosu Adebayo Ogunleye Asante Owusu Abdullahi Farah Warsame "
    "Mohamud Tesfaye Haile Mutasa Banda Phiri Eze Okoro"
)
CARIBBEAN_BOYS = _names("Jermaine Tyrone Kareem Marcus Andre Jaden Malachi Isaiah Elijah Nathaniel Kaiden Jayden Myles")
CARIBBEAN_GIRLS = _names("Shanice Tiana Jada Kiara Aaliyah Imani Keisha Nevaeh Tianna Destiny Chantelle Precious")
CARIBBEAN_SURNAMES = _names(
    "Campbell Williams Brown Francis Henry Clarke Thomas Grant Reid Morgan Samuels Lindo Bailey Lawrence "
    "Richards Gayle Forbes Hinds"
)
CHINESE_BOYS = _names("Wei Jun Hao Ming Yi Chen Kai Ethan Jason Ryan")
CHINESE_GIRLS = _names("Mei Ling Xin Yan Jing Hui Chloe Grace Emily Jasmine")
CHINESE_SURNAMES = _names("Wong Chan Li Zhang Wang Liu Cheng Lam Ho Ng Yeung Lau")
ARABIC_BOYS = _names("Omar Ahmad Karim Mustafa Ali Hassan Rami Sami Ziad Kawa Rebin Shwan Hamid Nasir")
ARABIC_GIRLS = _names("Layla Noor Yasmin Rania Sara Hana Dilan Shilan Mina Leila Salma Rima Huda")
ARABIC_SURNAMES = _names("Al-Amin Haddad Mansour Saleh Karimi Ahmadi Rahimi Hosseini Abdullah Osman Aziz Barzani")

POOLS = {
    "british": (BRITISH_BOYS, BRITISH_GIRLS, BRITISH_SURNAMES),
    "irish": (IRISH_BOYS, IRISH_GIRLS, IRISH_SURNAMES),
    "eastern_european": (EASTERN_EUROPEAN_BOYS, EASTERN_EUROPEAN_GIRLS, EASTERN_EUROPEAN_SURNAMES),
    "south_asian_muslim": (SOUTH_ASIAN_MUSLIM_BOYS, SOUTH_ASIAN_MUSLIM_GIRLS, SOUTH_ASIAN_MUSLIM_SURNAMES),
    "indian": (INDIAN_BOYS, INDIAN_GIRLS, INDIAN_SURNAMES),
    "african": (AFRICAN_BOYS, AFRICAN_GIRLS, AFRICAN_SURNAMES),
    "caribbean": (CARIBBEAN_BOYS, CARIBBEAN_GIRLS, CARIBBEAN_SURNAMES),
    "chinese": (CHINESE_BOYS, CHINESE_GIRLS, CHINESE_SURNAMES),
    "arabic": (ARABIC_BOYS, ARABIC_GIRLS, ARABIC_SURNAMES),
}

# Recorded ethnicity (CIN census code) -> (share of children, name pools for first and last name).
ETHNICITIES = {
    "WBRI": (58.0, ("british",), ("british",)),
    "WIRI": (0.8, ("irish",), ("irish",)),
    "WIRT": (0.6, ("irish", "british"), ("irish",)),
    "WOTH": (5.5, ("eastern_european",), ("eastern_european",)),
    "WROM": (1.0, ("eastern_european",), ("eastern_european",)),
    "MWBC": (3.2, ("british", "caribbean"), ("british", "caribbean")),
    "MWBA": (1.2, ("british", "african"), ("british", "african")),
    "MWAS": (1.0, ("british", "south_asian_muslim", "indian"), ("british", "south_asian_muslim")),
    "MOTH": (2.8, ("british", "arabic", "caribbean"), ("british", "arabic", "african")),
    "AIND": (1.6, ("indian",), ("indian",)),
    "APKN": (5.0, ("south_asian_muslim",), ("south_asian_muslim",)),
    "ABAN": (1.8, ("south_asian_muslim",), ("south_asian_muslim",)),
    "AOTH": (1.4, ("arabic", "south_asian_muslim"), ("arabic",)),
    "BCRB": (1.8, ("caribbean",), ("caribbean",)),
    "BAFR": (4.5, ("african",), ("african",)),
    "BOTH": (0.9, ("caribbean", "african"), ("caribbean", "african")),
    "CHNE": (0.3, ("chinese",), ("chinese",)),
    "OOTH": (2.6, ("arabic",), ("arabic",)),
    "REFU": (0.2, ("british",), ("british",)),
    "NOBT": (2.5, ("british", "eastern_european", "african"), ("british", "eastern_european", "african")),
}

# Foster carers' first names (adults).
ADULT_NAMES = _names(
    "Sarah Karen Julie Michelle Lisa Donna Angela Tracey Joanne Claire Nicola Helen Amanda Dawn Mandy Susan "
    "Paul Mark David Steve Gary Andrew Ian Darren Neil Martin Kevin Tony Rob Lee Grace Patience Comfort Nasreen "
    "Shabana Rukhsana Parveen Winston Delroy Errol Maureen Gloria"
)
