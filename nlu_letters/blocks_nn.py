"""Nynorsk building blocks for the training letters (see blocks_en.py)."""

from __future__ import annotations

SUBJECTS = {
    "access": ["Emne: Krav om innsyn", "Emne: Innsyn etter personvernforordninga artikkel 15",
               "Gjeld: Personopplysningane mine", "Emne: Innsyn i opplysningar om meg"],
    "rectification": ["Emne: Krav om retting", "Emne: Feil i opplysningane mine", "Gjeld: Retting av personopplysningar"],
    "erasure": ["Emne: Krav om sletting", "Emne: Sletting av personopplysningar (art. 17)", "Emne: Slett kontoen min"],
    "withdraw_consent": ["Emne: Tilbaketrekking av samtykke", "Emne: Avmelding", "Emne: Eg trekkjer samtykket"],
    "objection": ["Emne: Protest mot handsaming", "Emne: Innvending etter artikkel 21", "Emne: Stopp marknadsføringa"],
    "restriction": ["Emne: Krav om avgrensing av handsaminga", "Emne: Avgrensing etter artikkel 18"],
    "portability": ["Emne: Dataportabilitet", "Emne: Overføring av data om meg (art. 20)"],
    "automated_decision": ["Emne: Krav om manuell vurdering", "Emne: Automatisk avslag på søknaden min"],
    "none": ["Emne: Spørsmål om personvern", "Emne: Oppfølging", "Emne: Personvern"],
}

SALUTATIONS = ["Hei,", "Til Cantec AS", "Til personvernombodet", "Til den det gjeld", "Hei Cantec,", "God dag,"]

IDENTITY = [
    "Eg heiter {name} og har vore kunde hjå dykk sidan {year}.",
    "Eg skriv på vegner av klienten min, {name}, som har gitt meg fullmakt.",
    "Eg er tidlegare kunde (kundenummer {cust}).",
    "Namn: {name}",
    "E-post: {email}",
    "Fødselsnummer: {fnr}",
    "Adresse: {addr}",
    "Telefon: {phone}",
    "Kundenummer: {cust}",
    "Eg er registrert med e-postadressa {email} og telefonnummeret {phone}.",
    "De kan stadfeste identiteten min med opplysningane ovanfor.",
    "Kopi av legitimasjon ligg ved.",
    "Ordrenummer: {order}",
]

ASK = {
    "access": [
        "Eg ber om innsyn i alle personopplysningar de handsamar om meg.",
        "Ver venleg og send meg ein kopi av opplysningane de har lagra om meg.",
        "Med dette krev eg innsyn etter personvernforordninga artikkel 15.",
        "Eg vil gjerne sjå kva de har registrert om meg.",
        "Kan de sende meg det de har om meg?",
        "Eg ber dykk stadfeste om de handsamar opplysningar om meg, og i så fall gje meg ein kopi.",
        "Kva har de eigentleg lagra om meg? Eg vil sjå det.",
        "Send meg alt de har om meg på e-post.",
        "Eg handla hjå dykk i fjor og vil vite kva de sit på om meg.",
    ],
    "rectification": [
        "Eg ber dykk rette etternamnet mitt, som står som {wrong}; rett er {name_last}.",
        "Ver venleg og oppdater adressa mi til {addr}, den de har er gammal.",
        "Fødselsdatoen min er registrert feil, og eg ber om at han blir retta.",
        "Eg vil at de endrar telefonnummeret på kontoen min til {phone}.",
        "Fakturaene kjem framleis med feil namn, så endre det til {name} hjå dykk.",
        "De har feil e-postadresse på meg; rett adresse er {email}.",
        "Med dette krev eg retting av uriktige opplysningar om meg.",
        "Eg heiter {name_first}, ikkje {wrong}. Kan de fikse det?",
    ],
    "erasure": [
        "Eg krev at de slettar alle personopplysningar om meg utan ugrunna opphald.",
        "Ver venleg og slett kontoen min og alt som høyrer til han.",
        "Eg ber om at opplysningane mine blir fjerna frå alle systema dykkar.",
        "Med dette krev eg sletting etter artikkel 17.",
        "Eg handlar ikkje hjå dykk lenger og vil ikkje at de skal ha noko om meg.",
        "Avslutt profilen min og slett det de har lagra.",
        "Eg ber om sletting fordi opplysningane ikkje lenger er naudsynte for føremålet.",
    ],
    "withdraw_consent": [
        "Eg trekkjer attende samtykket til nyheitsbrev og marknadsføring på e-post.",
        "Ver venleg og meld meg av alle utsendingar med ein gong.",
        "Eg trekkjer med dette attende alle samtykke eg har gitt dykk.",
        "Slutt å sende meg SMS med tilbod, eg vil ikkje ha dei lenger.",
        "Eg samtykkjer ikkje lenger til informasjonskapslar som sporar meg.",
        "Ta meg av marknadsføringslista dykkar.",
        "Eg trekkjer samtykket eg gav då eg melde meg inn i kundeklubben.",
    ],
    "objection": [
        "Eg protesterer mot at opplysningane mine blir brukte til direkte marknadsføring.",
        "Eg protesterer etter artikkel 21 mot profilering basert på kjøpa mine.",
        "Slutt å bruke kjøpshistorikken min til å lage ein profil av meg; det har eg aldri sagt ja til.",
        "Eg set meg imot handsaminga de grunngjev med berettiga interesse.",
        "Eg vil ikkje at data om meg blir brukte til målretta reklame, og eg protesterer mot det.",
    ],
    "restriction": [
        "Eg ber om at handsaminga av opplysningane mine blir avgrensa medan det blir kontrollert om adressa er rett.",
        "Ta vare på opplysningane, men ikkje bruk dei til noko før klaga mi er avgjord.",
        "Eg krev avgrensing etter artikkel 18 i staden for sletting, fordi eg kan trenge opplysningane i ei rettssak.",
        "Ikkje slett noko, men merk opplysningane mine som sperra slik at dei ikkje blir brukte.",
    ],
    "portability": [
        "Ver venleg og overfør personopplysningane mine direkte til {company}, den nye leverandøren min.",
        "Eg ber om at data om meg blir sende i maskinlesbart format til {company}.",
        "Eg vil ha ordrehistorikken min flytta til {company} etter retten til dataportabilitet.",
    ],
    "access_portability": [
        "Send meg ein kopi av opplysningane i eit strukturert, alminneleg brukt og maskinlesbart format, til dømes CSV eller JSON.",
        "Eg vil ha alle data om meg som ei fil eg kan opne i Excel.",
        "Kan de eksportere alt de har om meg som CSV og sende det til meg?",
    ],
    "automated_decision": [
        "Eg ber om at ein person vurderer det automatiske avslaget på kredittsøknaden min på nytt.",
        "Eg bestrid avgjerda systemet dykkar tok og krev menneskeleg overprøving.",
        "La eit menneske sjå på saka mi igjen; avslaget kom automatisk.",
    ],
}

MENTION = {
    "access": [
        "Etter artikkel 15 har eg rett til å få stadfesta om de handsamar opplysningar om meg.",
        "Innsynsretten omfattar også kven opplysningane er utleverte til.",
        "Eg kan kome til å be om innsyn seinare.",
        "Eg ber ikkje om innsyn no.",
    ],
    "rectification": [
        "e) retten til å be om retting eller sletting av opplysningar eller avgrensing av handsaminga;",
        "Etter artikkel 16 har eg rett til å få uriktige opplysningar retta.",
        "Viser noko seg å vere feil, kan eg kome til å be om retting seinare.",
        "Eg ber ikkje om retting no.",
        "Hugs òg å varsle mottakarar om retting eller sletting, jf. artikkel 19.",
    ],
    "erasure": [
        "Artikkel 17 gjev meg rett til sletting i visse tilfelle.",
        "Eg held fast på retten til å krevje sletting når eg har lese svaret dykkar.",
        "Eg ber ikkje om at kontoen min blir sletta.",
        "Meiner de at noko ikkje kan slettast, må de oppgje rettsgrunnlaget for å ta vare på det.",
    ],
    "withdraw_consent": [
        "Når handsaminga byggjer på samtykke, kan samtykket trekkjast attende når som helst, jf. artikkel 7 nr. 3.",
        "Oppgje kva handsaming som byggjer på samtykke frå meg.",
        "Eg vil framleis ha nyheitsbrevet.",
    ],
    "objection": [
        "Artikkel 21 gjev meg rett til å protestere mot handsaming basert på berettiga interesse.",
        "Eg kan kome til å protestere når eg veit kva handsamingsgrunnlaget er.",
    ],
    "restriction": [
        "Artikkel 18 gjev rett til avgrensing av handsaminga i visse tilfelle.",
        "Eg veit at eg kan be om avgrensing medan ein tvist pågår.",
    ],
    "portability": [
        "Artikkel 20 gjev rett til dataportabilitet for opplysningar gitt på grunnlag av samtykke eller avtale.",
        "Eg kan seinare be dykk overføre data om meg til ein annan leverandør.",
    ],
    "automated_decision": [
        "h) om det blir teke automatiserte avgjerder, medrekna profilering, og informasjon om logikken bak;",
        "Opplys om det blir teke avgjerder om meg ved automatisert handsaming.",
        "Artikkel 22 vernar mot avgjerder som berre byggjer på automatisert handsaming.",
    ],
}

ACCESS_LIST_INTRO = [
    "I tillegg til kopien ber eg om denne informasjonen:",
    "Svaret skal innehalde:",
    "Etter artikkel 15 nr. 1 skal de opplyse om:",
]
ACCESS_LIST = [
    "a) føremålet med handsaminga;",
    "b) kva kategoriar personopplysningar det gjeld;",
    "c) mottakarar eller kategoriar av mottakarar opplysningane er utleverte til, særleg mottakarar i tredjeland;",
    "d) kor lenge opplysningane blir lagra, eller kriteria for å fastsetje det;",
    "e) retten til å be om retting eller sletting av opplysningar, avgrensing av handsaminga eller å protestere mot handsaminga;",
    "f) retten til å klage til Datatilsynet;",
    "g) kvar opplysningane kjem frå, dersom dei ikkje er samla inn frå meg;",
    "h) om det blir teke automatiserte avgjerder, medrekna profilering, og informasjon om logikken bak;",
]
ERASURE_GROUNDS = [
    "Opplysningane er ikkje lenger naudsynte for føremålet dei vart samla inn for (artikkel 17 nr. 1 bokstav a).",
    "Eg trekkjer samtykket handsaminga byggjer på, og det finst ikkje noko anna grunnlag (bokstav b).",
    "Opplysningane er handsama ulovleg (bokstav d).",
]

GENERIC = [
    "Eg ber om svar innan ein månad, jf. personvernforordninga artikkel 12 nr. 3.",
    "Treng de meir tid, må de opplyse om forlenginga og grunnen innan ein månad.",
    "Høyrer eg ikkje frå dykk innan fristen, vil eg klage til Datatilsynet.",
    "Eg tek atterhald om retten til å klage til Datatilsynet.",
    "Eg tek òg atterhald om erstatning etter artikkel 82.",
    "Ver venleg og stadfest at de har fått brevet.",
    "Førespurnaden skal svarast på utan kostnad, jf. artikkel 12 nr. 5.",
    "Har de ikkje opplysningar om meg, ber eg om skriftleg stadfesting på det.",
    "Svar gjerne til e-postadressa nedanfor.",
    "Takk på førehand.",
    "Eg ser fram til å høyre frå dykk.",
    "Treng de meir informasjon for å finne opplysningane, gje beskjed.",
    "Har de eit personvernombod, ber eg om at brevet blir sendt vidare dit.",
    "Eit eventuelt avslag må grunngjevast med tilvising til heimel.",
    "Fristen på ein månad går frå den dagen de får brevet.",
    "E-posten eg sende {date} er ikkje svara på.",
    "Eg viser til personopplysningslova og personvernforordninga (GDPR).",
]

QUESTION_BODY = [
    "Kan de forklare kor lenge de tek vare på kundeopplysningar etter at ein konto er avslutta?",
    "Eg lurer på kva tredjepartar de deler ordreopplysningar med.",
    "Har eg rett til å sjå kva de lagrar om meg, og korleis går eg fram?",
    "Korleis trekkjer eg attende samtykket om eg ombestemmer meg?",
    "Kven er behandlingsansvarleg for nettbutikken?",
]

CLOSINGS = ["Med venleg helsing", "Venleg helsing", "Helsing", "Mvh"]
SIGNATURE_EXTRA = ["{email}", "Tlf. {phone}", "{addr}", "Kundenr. {cust}", "Advokat, {firm}", "Vedlegg: kopi av legitimasjon"]
FIRMS = ["Advokatfirmaet Sunde", "Vik & Rønning Advokatar", "Advokatkontoret Fjell"]
COMPANIES = ["Fjordhandel AS", "Nordlys Butikk", "Bryggen Digital AS"]
NAMES = ["Solveig Heggheim", "Eirik Natvik", "Ragnhild Myklebust", "Torleiv Aasen", "Gro Skeie", "Håvard Teigen",
         "Synnøve Fjære", "Arne Lothe"]
