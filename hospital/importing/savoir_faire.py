"""The directory's specialties that the platform's Specialty list knows.

The RPPS extract gives each practitioner's "savoir-faire": for a doctor, the
specialty the Ordre des médecins recognises, coded in the ANS nomenclature
TRE_R38 "Spécialité ordinale" (SM01 … SM95, published by the ANS in its
terminology package, ans.fr.terminologies). Each code below maps to the code
of a Specialty row (hospital/migrations/0003_seed_specialties.py). A code that
is not here — general practice (SM26, SM53, SM54), biology, public health,
emergency medicine… — has no specialty in the platform's list: the import
reports it and invents none.

The reforms of 2017 split some specialties into options (SM69–SM95); an option
maps to its specialty (cardiology's interventional options to cardiology,
paediatrics' neonatology to paediatrics…).
"""

SAVOIR_FAIRE_TO_SPECIALTY: dict[str, str] = {
    "SM02": "anesthesie-reanimation",  # Anesthésie-réanimation
    "SM76": "anesthesie-reanimation",  # … option anesthésie pédiatrique
    "SM04": "cardiologie",  # Cardiologie et Maladies vasculaires
    "SM61": "cardiologie",  # Médecine vasculaire
    "SM73": "cardiologie",  # Médecine cardiovasculaire
    "SM79": "cardiologie",  # … option cardiologie interventionnelle
    "SM80": "cardiologie",  # … option imagerie cardiovasculaire d'expertise
    "SM81": "cardiologie",  # … option rythmologie interventionnelle
    "SM14": "chirurgie-digestive",  # Chirurgie viscérale et digestive
    "SM78": "chirurgie-digestive",  # … option endoscopie chirurgicale
    "SM08": "chirurgie-orthopedique",  # Chirurgie orthopédique et Traumatologie
    "SM09": "chirurgie-pediatrique",  # Chirurgie infantile
    "SM69": "chirurgie-pediatrique",  # Chirurgie pédiatrique option viscérale
    "SM70": "chirurgie-pediatrique",  # Chirurgie pédiatrique option orthopédique
    "SM10": "chirurgie-plastique",  # Chirurgie plastique reconstructrice et esthétique
    "SM11": "chirurgie-thoracique",  # Chirurgie thoracique et cardio-vasculaire
    "SM13": "chirurgie-vasculaire",  # Chirurgie vasculaire
    "SM15": "dermatologie",  # Dermatologie et Vénéréologie
    "SM16": "endocrinologie",  # Endocrinologie et Métabolisme
    "SM62": "endocrinologie",  # Endocrinologie, diabétologie, nutrition
    "SM24": "gastro-enterologie",  # Gastro-entérologie et Hépatologie
    "SM18": "geriatrie",  # Gériatrie
    "SM20": "gynecologie-obstetrique",  # Gynécologie-obstétrique
    "SM51": "gynecologie-obstetrique",  # Gynéco-obstétrique et gynéco-médicale, option obstétrique
    "SM21": "hematologie",  # Hématologie
    "SM22": "hematologie",  # Hématologie, option Maladie du sang
    "SM23": "hematologie",  # Hématologie, option Onco-hématologie
    "SM71": "hematologie",  # Hématologie (réforme 2017)
    "SM58": "maladies-infectieuses",  # Maladies infectieuses et tropicales
    "SM27": "medecine-interne",  # Médecine interne
    "SM72": "medecine-interne",  # Médecine interne et immunologie clinique
    "SM29": "medecine-physique",  # Médecine physique et de réadaptation
    "SM30": "nephrologie",  # Néphrologie
    "SM83": "nephrologie",  # … option soins intensifs néphrologiques
    "SM31": "neurochirurgie",  # Neuro-chirurgie
    "SM32": "neurologie",  # Neurologie
    "SM84": "neurologie",  # … option traitement interventionnel de l'ischémie cérébrale
    "SM35": "oncologie",  # Oncologie, option Onco-hématologie
    "SM36": "oncologie",  # Oncologie, option médicale
    "SM37": "oncologie",  # Oncologie, option radiothérapie
    "SM38": "ophtalmologie",  # Ophtalmologie
    "SM85": "ophtalmologie",  # … option chirurgie ophtalmopédiatrique et strabologique
    "SM34": "orl",  # ORL et Chirurgie cervico-faciale
    "SM39": "orl",  # Oto-rhino-laryngologie
    "SM86": "orl",  # … option audiophonologie
    "SM40": "pediatrie",  # Pédiatrie
    "SM87": "pediatrie",  # … option néonatologie
    "SM88": "pediatrie",  # … option neuropédiatrie
    "SM89": "pediatrie",  # … option pneumopédiatrie
    "SM90": "pediatrie",  # … option réanimation pédiatrique
    "SM41": "pneumologie",  # Pneumologie
    "SM91": "pneumologie",  # … option soins intensifs respiratoires
    "SM42": "psychiatrie",  # Psychiatrie
    "SM43": "psychiatrie",  # Psychiatrie, option enfant et adolescent
    "SM92": "psychiatrie",  # Psychiatrie option enfant et adolescent
    "SM93": "psychiatrie",  # Psychiatrie option personne âgée
    "SM44": "radiologie",  # Radio-diagnostic
    "SM55": "radiologie",  # Radio-diagnostic et Radio-thérapie
    "SM74": "radiologie",  # Radiologie et imagerie médicale
    "SM94": "radiologie",  # … option radiologie interventionnelle avancée
    "SM48": "rhumatologie",  # Rhumatologie
    "SM06": "stomatologie",  # Chirurgie maxillo-faciale
    "SM07": "stomatologie",  # Chirurgie maxillo-faciale et Stomatologie
    "SM50": "stomatologie",  # Stomatologie
    "SM68": "stomatologie",  # Chirurgie maxillo-faciale (réforme 2017)
    "SM77": "stomatologie",  # … option orthodontie des dysmorphies maxillo-faciales
    "SM12": "urologie",  # Chirurgie urologique
    "SM57": "allergologie",  # Allergologie
}
