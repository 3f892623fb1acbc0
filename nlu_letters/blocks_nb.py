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
    "none": ["Emne: Spørsmål om personvern", "Emne: Oppfølging", "Emne: Personvern",
             "Emne: Spørsmål om lagringstid", "Emne: Databehandleravtale", "Re: Saksnummer {cust}", "Emne: Purring",
             "Emne: Takk for svaret", "Emne: Reklamasjon på ordre {order}", "Emne: Mulig svindel-e-post i Cantecs navn",
             "Emne: Feil i personvernerklæringen", "Emne: Til orientering"],
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

# Letters that ask for nothing: the core of a letter that says why the writer writes, without asking
# Cantec to act on the writer's own data (questions about practice in general, third parties, deferrals,
# declining, thanks, status follow-ups, shop complaints, tip-offs).
NOTHING_ASKED: dict[str, list[str]] = {
    "procedure_question": [
        "Jeg har et generelt spørsmål om lagringstid: Hvor lenge oppbevarer Cantec ordre- og fakturaopplysninger etter at et kundeforhold er avsluttet, og hvilke kriterier legger dere til grunn? Spørsmålet gjelder praksisen deres, ikke mine egne opplysninger.",
        "Personvernerklæringen deres sier at krav skal besvares innen 14 dager, mens personvernforordningen artikkel 12 nr. 3 setter fristen til én måned. Hvilken frist er det dere faktisk praktiserer?",
        "Hvordan kontrollerer dere identiteten til en person som ber om innsyn eller sletting? Godtar dere for eksempel BankID, eller må man sende kopi av pass?",
        "Jeg ønsker å vite hvilke databehandlere Cantec benytter for nettbutikken og nyhetsbrevet, og om noen av dem behandler opplysninger utenfor EØS.",
        "Bruker Cantec profilering eller automatiserte avgjørelser, for eksempel ved kredittvurdering eller i markedsføringen? Jeg spør fordi personvernerklæringen ikke sier noe om dette.",
        "Hvilket rettsgrunnlag bygger dere på når dere bruker Google Analytics på cantec.no? Etter artikkel 13 skal dette opplyses, og jeg finner det ikke i erklæringen.",
        "Hvordan håndterer dere sikkerhetskopier når en konto er slettet – fjernes opplysningene også derfra, og i så fall etter hvor lang tid?",
        "Har Cantec utnevnt et personvernombud, og hvordan kommer man i så fall i kontakt med vedkommende?",
    ],
    "third_party_question": [
        "Jeg er advokat i {firm} og bistår en klient som vurderer å inngå leveranseavtale med Cantec. Vi ber om å få tilsendt utkast til databehandleravtale, slik at vi kan gjennomgå vilkårene før forhandlingsmøtet.",
        "Jeg er journalist og arbeider med en artikkel om hvordan norske nettbutikker bruker informasjonskapsler. Kan dere opplyse hvor mange tredjepartskapsler cantec.no setter, og hvordan samtykkeløsningen er vurdert opp mot ekomloven?",
        "Jeg er masterstudent i informasjonssikkerhet og skriver oppgave om internkontroll etter personvernforordningen artikkel 24. Har dere anledning til et kort intervju om hvordan Cantec dokumenterer behandlingsaktivitetene sine?",
        "Som tillitsvalgt for de ansatte på lageret ber jeg om en orientering om hvilke logger som føres over bruken av håndterminaler, og hvor lenge loggene lagres.",
        "{company} er forhandler av produktene deres, og vi går nå gjennom leverandøravtalene våre. Vi ønsker å avklare om Cantec opptrer som behandlingsansvarlig eller databehandler når dere mottar kundeopplysninger fra oss ved direkte levering.",
        "Jeg er forsker ved et universitet og kartlegger hvordan virksomheter praktiserer svarfristen i artikkel 12. Vi setter stor pris på om dere vil besvare et anonymt spørreskjema som tar om lag ti minutter.",
        "Vi representerer en forbrukerorganisasjon som sammenligner personvernerklæringer i handelsbransjen. Erklæringen deres viser til personopplysningsloven § 18, og vi lurer på om en oppdatert versjon er under arbeid.",
        "{firm} har fått i oppdrag å gjennomgå databehandleravtalen mellom Cantec og {company}. Hvilke underleverandører er godkjent etter avtalens bestemmelse om underdatabehandlere?",
    ],
    "deferral": [
        "Jeg vil gjøre dere oppmerksom på at jeg vurderer å kreve innsyn i opplysningene dere har om meg. Jeg ber ikke om noe på nåværende tidspunkt, men kommer tilbake til saken når jeg har bestemt meg.",
        "Når kundeforholdet mitt avsluttes ved årsskiftet, kan det bli aktuelt å be om sletting. Foreløpig ønsker jeg at alt står som det er.",
        "Jeg tar forbehold om å utøve mine rettigheter etter personvernforordningen kapittel III på et senere tidspunkt. Dette brevet er kun ment som et varsel.",
        "Jeg har ennå ikke bestemt meg for om jeg vil trekke samtykket til nyhetsbrevet. Jeg skriver bare for å si at jeg kan komme til å gjøre det etter sommeren.",
        "Før jeg eventuelt fremmer et krav om retting, vil jeg gå gjennom mine egne papirer. Dere trenger ikke foreta dere noe nå.",
        "Min klient, {name}, vurderer å protestere mot behandlingen, men har bedt meg opplyse om at det ikke fremmes noe krav nå. Vi kommer eventuelt tilbake innen utgangen av måneden.",
        "Jeg ber ikke om noe på dette stadiet. Jeg vil bare at dere skal vite at jeg følger med, og at jeg kan komme til å kreve innsyn dersom flere feilsendte e-poster dukker opp.",
        "Skulle jeg bytte leverandør neste år, kan jeg komme til å be om dataportabilitet, men jeg ønsker ingen overføring nå.",
    ],
    "declining": [
        "Jeg ønsker ikke at kontoen min slettes. Jeg ville bare bekrefte at jeg har mottatt brevet deres om de endrede vilkårene.",
        "Takk for tilbudet om å sende meg en kopi av opplysningene, men det er ikke nødvendig. Jeg har det jeg trenger.",
        "Jeg har tenkt meg om og vil likevel ikke ha slettet kundeprofilen min. Se derfor bort fra det jeg sa i telefonsamtalen.",
        "Dere spurte om jeg ville ha rettet den gamle adressen. Det er ikke nødvendig, ettersom jeg flytter tilbake dit til høsten.",
        "Jeg ønsker ikke å trekke tilbake samtykket til nyhetsbrevet og har ingen innvendinger mot behandlingen slik den er beskrevet.",
        "Jeg ber ikke om at noe endres eller slettes. Jeg vil bare si fra at jeg har lest den nye personvernerklæringen og ikke har merknader til den.",
        "Min klient har besluttet ikke å forfølge saken videre, og det fremmes ingen krav fra vår side.",
        "Jeg vil ikke at dere overfører noe til {company}; det var en misforståelse fra min side da jeg nevnte det i chatten.",
    ],
    "thanks_closed": [
        "Takk for svaret deres av {date}. Jeg har fått det jeg ba om, og anser saken som avsluttet.",
        "Jeg viser til saksnummer {cust} og bekrefter at henvendelsen min er ferdig behandlet. Takk for rask og grundig oppfølging.",
        "Tusen takk for kopien av opplysningene jeg mottok forrige uke. Alt ser riktig ut, og jeg har ingen flere spørsmål.",
        "Jeg kan bekrefte at endringen er gjennomført og at jeg ikke lenger får utsendelser. Saken kan lukkes.",
        "Takk for at dere tok dere tid til å forklare hvordan lagringen foregår. Svaret var oppklarende, og jeg trenger ikke mer fra dere.",
        "Jeg skrev til dere {date} og har nå fått en tilfredsstillende redegjørelse. Jeg kommer ikke til å klage til Datatilsynet og anser saken som løst.",
        "På vegne av {name} takker jeg for svaret på vår henvendelse. Klienten er fornøyd med løsningen, og vi lukker saken hos oss.",
        "Kort bekreftelse: Kontoen er slettet slik jeg hadde bedt om, og kvitteringen er mottatt. Takk for hjelpen.",
    ],
    "follow_up_no_ask": [
        "Jeg viser til mitt brev av {date} og har ennå ikke mottatt svar. Kan dere opplyse når jeg kan forvente en tilbakemelding?",
        "Hva er status i saken med referanse {cust}? Fristen etter artikkel 12 nr. 3 nærmer seg.",
        "Jeg sendte en henvendelse til personvern@cantec.no for tre uker siden og har bare fått et automatisk svar. Er den registrert hos dere?",
        "Jeg ringte kundeservice {date} og ble lovet svar innen en uke. Jeg lurer på hvor saken står.",
        "Min klient, {name}, har ikke hørt noe siden vi skrev til dere {date}. Vennligst gi oss en oppdatering på saksbehandlingen og forventet svardato.",
        "Jeg purrer herved på min tidligere henvendelse (saksnr. {cust}). Gi meg gjerne beskjed om dere trenger mer tid.",
        "Har dere mottatt brevet mitt som ble sendt rekommandert {date}? Jeg har ikke fått noen bekreftelse.",
        "Dette er en vennlig påminnelse om saken min fra {date}. Jeg ønsker bare å vite når den vil bli behandlet.",
    ],
    "business_complaint": [
        "Jeg reklamerer herved på kaffetrakteren jeg kjøpte i nettbutikken deres (ordre {order}), som sluttet å virke etter fire måneder. Etter forbrukerkjøpsloven § 27 har jeg reklamasjonsrett i to år, og jeg ber om at varen repareres eller byttes.",
        "Ordre {order} skulle etter ordrebekreftelsen leveres innen fem virkedager, men har fortsatt ikke kommet etter tre uker. Jeg viser til forbrukerkjøpslovens regler om forsinkelse og vurderer å heve kjøpet.",
        "Jeg er belastet to ganger for samme bestilling (ordre {order}). Jeg ber om at det feilaktige beløpet tilbakeføres til kortet mitt snarest.",
        "Jeg benyttet angreretten innen fristen på 14 dager etter angrerettloven og returnerte varen {date}. Pengene er fortsatt ikke tilbakebetalt.",
        "Prisen i kassen var høyere enn prisen som sto på produktsiden. Etter markedsføringsloven skal prisinformasjonen være korrekt, og jeg forventer at dere står ved den annonserte prisen.",
        "Jeg er misfornøyd med hvordan kundeservice behandlet klagen min på telefon. Jeg ble satt over tre ganger uten at noen kunne hjelpe meg med garantisaken.",
        "Fakturaen for ordre {order} viser 1 499 kroner, mens avtalt pris var 1 199 kroner. Jeg ber om en korrigert faktura.",
        "Garantikravet på vaskemaskinen ble avvist med begrunnelse om feil bruk, uten at noen har undersøkt maskinen. Jeg minner om at reklamasjonsretten etter forbrukerkjøpsloven gjelder uavhengig av produsentgarantien.",
    ],
    "inform_other": [
        "Jeg vil gjøre dere oppmerksom på at jeg {date} mottok en e-post som utga seg for å være fra Cantec, med lenke til en side som ba om kortopplysninger. Avsenderadressen var ikke deres domene, så jeg regner med at det er svindel.",
        "Lenken til personvernerklæringen nederst på cantec.no fører til en side som ikke finnes. Jeg tenkte dere ville vite om det.",
        "I avsnittet om personvernrettigheter i erklæringen står det «sammtykket» med to m-er. En liten ting, men jeg nevner det.",
        "Jeg skriver som leder i et borettslag som har kjøpt utstyr hos dere i flere år. Vi vil bare informere om at styret har fått ny kontaktperson etter årsmøtet.",
        "I siste nyhetsbrev sto det feil telefonnummer til kundeservice, og flere har ved en feil ringt et privat nummer.",
        "Jeg fikk ved en feil en pakke der følgeseddelen hadde navn og adresse til en annen kunde. Pakken er levert tilbake på posten, og jeg har makulert følgeseddelen.",
        "Personvernerklæringen deres viser fortsatt til personopplysningsloven § 18, som ble opphevet da forordningen ble innlemmet i 2018. Jeg nevner det kun til orientering.",
        "En av selgerne deres står utenfor kjøpesenteret og samler inn navn og telefonnummer på et ulåst nettbrett. Jeg ville bare si fra, siden dette neppe er i tråd med rutinene deres.",
    ],
}

CLOSINGS = ["Med vennlig hilsen", "Vennlig hilsen", "Mvh", "Hilsen"]
SIGNATURE_EXTRA = ["{email}", "Tlf. {phone}", "{addr}", "Kundenr. {cust}", "Advokat, {firm}", "Vedlegg: kopi av legitimasjon"]
FIRMS = ["Advokatfirmaet Lunde & Co", "Haugen Advokat AS", "Advokatkontoret Bakke"]
COMPANIES = ["Fjordhandel AS", "Nordlys Butikk", "Bryggen Digital AS"]
NAMES = ["Kari Nordmo", "Per Haugland", "Silje Rasmussen", "Ola Tveit", "Hilde Myhre", "Anders Lie",
         "Marte Fossum", "Espen Strand", "Lise Kvam", "Geir Holm"]
