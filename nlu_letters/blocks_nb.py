"""Bokmål building blocks for the training letters (see blocks_en.py)."""

from __future__ import annotations

SUBJECTS = {
    "access": ["Emne: Begjæring om innsyn", "Emne: Krav om innsyn etter personvernforordningen artikkel 15",
               "Ang.: Mine personopplysninger", "Emne: Innsyn i opplysninger om meg"],
    "rectification": ["Emne: Krav om retting", "Emne: Feil i mine opplysninger", "Ang.: Retting av personopplysninger"],
    "erasure": ["Emne: Krav om sletting", "Emne: Sletting av personopplysninger (art. 17)", "Emne: Slett kontoen min"],
    "withdraw_consent": ["Emne: Tilbaketrekking av samtykke", "Emne: Avmelding", "Emne: Jeg trekker samtykket"],
    "objection": ["Emne: Protest mot behandling", "Emne: Innsigelse etter artikkel 21", "Emne: Stopp markedsføring"],
    "restriction": ["Emne: Krav om begrensning av behandling", "Emne: Begrensning etter artikkel 18"],
    "portability": ["Emne: Dataportabilitet", "Emne: Overføring av mine data (art. 20)"],
    "automated_decision": ["Emne: Krav om manuell vurdering", "Emne: Automatisk avslag på søknaden min"],
    "none": ["Emne: Spørsmål om personvern", "Emne: Oppfølging", "Emne: Personvern"],
}

SALUTATIONS = ["Hei,", "Til Cantec AS", "Til personvernombudet", "Til den det måtte angå", "Hei Cantec,",
               "God dag,", "Att.: Personvernansvarlig, Cantec AS"]

IDENTITY = [
    "Jeg heter {name} og har vært kunde hos dere siden {year}.",
    "Jeg skriver på vegne av min klient, {name}, som har gitt meg fullmakt.",
    "Jeg er tidligere kunde (kundenummer {cust}).",
    "Navn: {name}",
    "E-post: {email}",
    "Fødselsnummer: {fnr}",
    "Adresse: {addr}",
    "Telefon: {phone}",
    "Kundenummer: {cust}",
    "Jeg er registrert med e-postadressen {email} og telefonnummer {phone}.",
    "Dere kan bekrefte identiteten min med opplysningene over.",
    "Kopi av legitimasjon er vedlagt.",
    "Ordrenummer: {order}",
]

ASK = {
    "access": [
        "Jeg ber om innsyn i alle personopplysninger dere behandler om meg.",
        "Vennligst send meg en kopi av opplysningene dere har lagret om meg.",
        "Med dette krever jeg innsyn etter personvernforordningen artikkel 15.",
        "Jeg vil gjerne se hva dere har registrert om meg.",
        "Kan dere sende meg det dere har om meg?",
        "Jeg ber dere bekrefte om dere behandler opplysninger om meg, og i så fall gi meg en kopi.",
        "Hva har dere egentlig lagret om meg? Jeg vil se det.",
        "Send meg alt dere har om meg på e-post.",
        "Jeg ønsker innsyn, også i notater fra kundeservice.",
        "Jeg handlet hos dere i fjor og vil vite hva dere sitter på om meg.",
    ],
    "rectification": [
        "Jeg ber dere rette etternavnet mitt, som står som {wrong}; riktig er {name_last}.",
        "Vennligst oppdater adressen min til {addr}, den dere har er gammel.",
        "Fødselsdatoen min er registrert feil, og jeg ber om at den blir rettet.",
        "Jeg vil at dere endrer telefonnummeret på kontoen min til {phone}.",
        "Fakturaene kommer fortsatt med feil navn, så endre det til {name} hos dere.",
        "Dere har feil e-postadresse på meg; riktig adresse er {email}.",
        "Med dette krever jeg retting av uriktige opplysninger om meg.",
        "Jeg heter {name_first}, ikke {wrong}. Kan dere fikse det?",
    ],
    "erasure": [
        "Jeg krever at dere sletter alle personopplysninger om meg uten ugrunnet opphold.",
        "Vennligst slett kontoen min og alt som hører til den.",
        "Jeg ber om at opplysningene mine fjernes fra alle systemene deres.",
        "Med dette krever jeg sletting etter artikkel 17.",
        "Jeg handler ikke hos dere lenger og vil ikke at dere skal ha noe om meg.",
        "Avslutt profilen min og slett det dere har lagret.",
        "Slett kundeforholdet mitt, takk.",
        "Jeg ber om sletting fordi opplysningene ikke lenger er nødvendige for formålet de ble samlet inn for.",
    ],
    "withdraw_consent": [
        "Jeg trekker tilbake samtykket til nyhetsbrev og markedsføring på e-post.",
        "Vennligst meld meg av alle utsendelser med umiddelbar virkning.",
        "Jeg trekker med dette tilbake alle samtykker jeg har gitt dere.",
        "Slutt å sende meg SMS med tilbud, jeg vil ikke ha dem lenger.",
        "Jeg samtykker ikke lenger til informasjonskapsler som sporer meg.",
        "Ta meg av markedsføringslisten deres.",
        "Jeg trekker samtykket jeg ga da jeg meldte meg inn i kundeklubben.",
    ],
    "objection": [
        "Jeg protesterer mot at opplysningene mine brukes til direkte markedsføring.",
        "Jeg protesterer etter artikkel 21 mot profilering basert på kjøpene mine.",
        "Slutt å bruke kjøpshistorikken min til å lage en profil av meg; det har jeg aldri sagt ja til.",
        "Jeg motsetter meg behandlingen dere begrunner med berettiget interesse.",
        "Jeg vil ikke at dataene mine brukes til målrettet reklame, og jeg protesterer mot det.",
        "Jeg har aldri meldt meg på tilbudene deres, så slutt å bruke kontaktinfoen min til markedsføring.",
    ],
    "restriction": [
        "Jeg ber om at behandlingen av opplysningene mine begrenses mens riktigheten av adressen kontrolleres.",
        "Behold opplysningene, men ikke bruk dem til noe før klagen min er avgjort.",
        "Jeg krever begrensning etter artikkel 18 i stedet for sletting, fordi jeg kan trenge opplysningene i en rettssak.",
        "Inntil dere har tatt stilling til protesten min, ber jeg om at all bruk av opplysningene stanses.",
        "Ikke slett noe, men merk opplysningene mine som sperret slik at de ikke brukes.",
    ],
    "portability": [
        "Vennligst overfør personopplysningene mine direkte til {company}, min nye leverandør.",
        "Jeg ber om at dataene mine sendes i maskinlesbart format til {company}.",
        "Jeg vil ha ordrehistorikken min flyttet til {company} etter retten til dataportabilitet.",
        "Overfør kontodataene mine til {company}, så jeg kan bytte.",
    ],
    "access_portability": [
        "Send meg en kopi av opplysningene i et strukturert, alminnelig anvendt og maskinlesbart format, for eksempel CSV eller JSON.",
        "Jeg vil ha alle dataene mine som en fil jeg kan åpne i Excel.",
        "Kan dere eksportere alt dere har om meg som CSV og sende det til meg?",
        "Jeg ber om en kopi av personopplysningene mine i maskinlesbart format, slik at jeg kan bruke dem videre.",
    ],
    "automated_decision": [
        "Jeg ber om at en person vurderer det automatiske avslaget på kredittsøknaden min på nytt.",
        "Jeg bestrider avgjørelsen systemet deres tok og krever menneskelig overprøving.",
        "La et menneske se på saken min igjen; avslaget kom automatisk.",
        "Jeg vil at en saksbehandler vurderer den automatiske sperringen av kontoen min.",
    ],
}

MENTION = {
    "access": [
        "Etter artikkel 15 har jeg rett til å få bekreftet om dere behandler opplysninger om meg.",
        "Innsynsretten omfatter også hvem opplysningene er utlevert til.",
        "Artikkel 15 nr. 3 gir den registrerte rett til en kopi av opplysningene.",
        "Jeg kan komme til å be om innsyn senere.",
        "Jeg ber ikke om innsyn nå.",
    ],
    "rectification": [
        "e) retten til å be om retting eller sletting av opplysninger eller begrensning av behandlingen;",
        "Etter artikkel 16 har jeg rett til å få uriktige opplysninger rettet.",
        "Hvis noe viser seg å være feil, kan jeg komme til å be om retting senere.",
        "Jeg ber ikke om retting nå.",
        "Husk også å varsle mottakere om retting eller sletting, jf. artikkel 19.",
    ],
    "erasure": [
        "Artikkel 17 gir meg rett til sletting i visse tilfeller.",
        "Jeg forbeholder meg retten til å kreve sletting når jeg har lest svaret deres.",
        "Jeg ber ikke om at kontoen min slettes.",
        "Dersom dere mener noe ikke kan slettes, må dere oppgi rettsgrunnlaget for å beholde det.",
        "Retten til å bli glemt følger av forordningen artikkel 17.",
    ],
    "withdraw_consent": [
        "Når behandlingen bygger på samtykke, kan samtykket trekkes tilbake når som helst, jf. artikkel 7 nr. 3.",
        "Oppgi hvilken behandling som bygger på samtykke fra meg.",
        "Om jeg vil trekke samtykket til nyhetsbrevet, tar jeg stilling til senere.",
        "Jeg vil fortsatt ha nyhetsbrevet.",
    ],
    "objection": [
        "Artikkel 21 gir meg rett til å protestere mot behandling basert på berettiget interesse.",
        "Jeg kan komme til å protestere når jeg vet hva behandlingsgrunnlaget er.",
        "Opplys om dere bygger noen behandling på berettiget interesse.",
    ],
    "restriction": [
        "Artikkel 18 gir rett til begrensning av behandlingen i visse tilfeller.",
        "Jeg er kjent med at jeg kan be om begrensning mens en tvist pågår.",
    ],
    "portability": [
        "Artikkel 20 gir rett til dataportabilitet for opplysninger gitt på grunnlag av samtykke eller avtale.",
        "Jeg kan senere be dere overføre dataene mine til en annen leverandør.",
    ],
    "automated_decision": [
        "h) om det treffes automatiserte avgjørelser, herunder profilering, og informasjon om logikken bak;",
        "Opplys om det treffes avgjørelser om meg ved automatisert behandling.",
        "Artikkel 22 verner mot avgjørelser som utelukkende bygger på automatisert behandling.",
    ],
}

ACCESS_LIST_INTRO = [
    "I tillegg til kopien ber jeg om følgende informasjon:",
    "Svaret skal inneholde:",
    "Etter artikkel 15 nr. 1 skal dere opplyse om:",
]
ACCESS_LIST = [
    "a) formålet med behandlingen;",
    "b) hvilke kategorier personopplysninger det gjelder;",
    "c) mottakere eller kategorier av mottakere opplysningene er utlevert til, særlig mottakere i tredjeland;",
    "d) hvor lenge opplysningene vil bli lagret, eller kriteriene for å fastsette det;",
    "e) retten til å be om retting eller sletting av opplysninger, begrensning av behandlingen eller å protestere mot behandlingen;",
    "f) retten til å klage til Datatilsynet;",
    "g) hvor opplysningene kommer fra, dersom de ikke er samlet inn fra meg;",
    "h) om det treffes automatiserte avgjørelser, herunder profilering, og informasjon om logikken bak;",
    "- hvilke garantier som gjelder etter artikkel 46 ved overføring ut av EØS.",
]
ERASURE_GROUNDS = [
    "Opplysningene er ikke lenger nødvendige for formålet de ble samlet inn for (artikkel 17 nr. 1 bokstav a).",
    "Jeg trekker samtykket behandlingen bygger på, og det finnes ikke noe annet grunnlag (bokstav b).",
    "Jeg protesterer mot behandlingen, og det finnes ingen tyngre berettigede grunner (bokstav c).",
    "Opplysningene er behandlet ulovlig (bokstav d).",
]

GENERIC = [
    "Jeg ber om svar innen én måned, jf. personvernforordningen artikkel 12 nr. 3.",
    "Trenger dere mer tid, må dere opplyse om forlengelsen og årsaken innen én måned.",
    "Hører jeg ikke fra dere innen fristen, vil jeg klage til Datatilsynet.",
    "Jeg forbeholder meg retten til å klage til Datatilsynet.",
    "Jeg forbeholder meg også retten til erstatning etter artikkel 82.",
    "Vennligst bekreft at dere har mottatt brevet.",
    "Henvendelsen skal besvares kostnadsfritt, jf. artikkel 12 nr. 5.",
    "Dersom dere ikke har opplysninger om meg, ber jeg om skriftlig bekreftelse på det.",
    "Svar gjerne til e-postadressen nedenfor.",
    "Takk på forhånd.",
    "Jeg ser frem til å høre fra dere.",
    "Trenger dere mer informasjon for å finne opplysningene, gi beskjed.",
    "Brevet er sendt både på e-post og i posten.",
    "Har dere et personvernombud, ber jeg om at brevet videresendes dit.",
    "Et eventuelt avslag må begrunnes med henvisning til hjemmel.",
    "Fristen på én måned løper fra den dagen dere mottar brevet.",
    "E-posten jeg sendte {date} er ikke besvart.",
    "Vedlagt følger skannet kopi av førerkortet mitt.",
    "Jeg viser til personopplysningsloven og personvernforordningen (GDPR).",
]

QUESTION_BODY = [
    "Kan dere forklare hvor lenge dere oppbevarer kundeopplysninger etter at en konto er avsluttet?",
    "Jeg lurer på hvilke tredjeparter dere deler ordreopplysninger med.",
    "Har jeg rett til å se hva dere lagrer om meg, og hvordan går jeg fram?",
    "Hvordan trekker jeg tilbake samtykket hvis jeg ombestemmer meg?",
    "Hva er framgangsmåten for å be om sletting av en konto?",
    "Hvem er behandlingsansvarlig for nettbutikken?",
]

CLOSINGS = ["Med vennlig hilsen", "Vennlig hilsen", "Mvh", "Hilsen"]
SIGNATURE_EXTRA = ["{email}", "Tlf. {phone}", "{addr}", "Kundenr. {cust}", "Advokat, {firm}", "Vedlegg: kopi av legitimasjon"]
FIRMS = ["Advokatfirmaet Lunde & Co", "Haugen Advokat AS", "Advokatkontoret Bakke"]
COMPANIES = ["Fjordhandel AS", "Nordlys Butikk", "Bryggen Digital AS"]
NAMES = ["Kari Nordmo", "Per Haugland", "Silje Rasmussen", "Ola Tveit", "Hilde Myhre", "Anders Lie",
         "Marte Fossum", "Espen Strand", "Lise Kvam", "Geir Holm"]
