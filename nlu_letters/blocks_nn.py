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
    "none": ["Emne: Spørsmål om personvern", "Emne: Oppfølging", "Emne: Personvern",
             "Emne: Spørsmål om lagringstid", "Emne: Databehandlaravtale", "Gjeld: Saksnummer {cust}", "Emne: Purring",
             "Emne: Takk for svaret", "Emne: Reklamasjon på ordre {order}", "Emne: Mogleg svindel-e-post i namnet til Cantec",
             "Emne: Feil i personvernerklæringa", "Emne: Til orientering"],
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

# Letters that ask for nothing: the core of a letter that says why the writer writes, without asking
# Cantec to act on the writer's own data (the kinds as in blocks_nb.NOTHING_ASKED).
NOTHING_ASKED: dict[str, list[str]] = {
    "procedure_question": [
        "Eg har eit generelt spørsmål om lagringstid: Kor lenge tek Cantec vare på ordre- og fakturaopplysningar etter at eit kundeforhold er avslutta, og kva kriterium legg de til grunn?",
        "I personvernerklæringa dykkar står det at krav skal svarast på innan 14 dagar, medan personvernforordninga artikkel 12 nr. 3 gjev ein månad. Kva frist er det de faktisk følgjer?",
        "Korleis kontrollerer de identiteten til den som ber om innsyn eller sletting? Godtek de til dømes BankID, eller må ein sende kopi av pass?",
        "Eg vil gjerne vite kva databehandlarar Cantec nyttar for nettbutikken og nyheitsbrevet, og om nokon av dei handsamar opplysningar utanfor EØS. Spørsmålet gjeld praksisen dykkar, ikkje opplysningar om meg.",
        "Nyttar Cantec profilering eller automatiserte avgjerder, til dømes ved kredittvurdering eller i marknadsføringa? Personvernerklæringa seier ingenting om dette.",
        "Kva rettsgrunnlag byggjer de på når de nyttar Google Analytics på cantec.no? Eg spør på generelt grunnlag, sidan artikkel 13 krev at dette blir opplyst.",
        "Korleis handterer de tryggleikskopiar når ein konto er sletta – blir opplysningane fjerna derifrå òg, og i så fall kor lang tid tek det?",
        "Har Cantec eit personvernombod, og korleis kan ein i så fall kome i kontakt med vedkomande?",
    ],
    "third_party_question": [
        "Eg er advokat i {firm} og hjelper ein klient som vurderer å inngå leveranseavtale med Cantec. Vi ber om eit utkast til databehandlaravtale, slik at vi kan gå gjennom vilkåra før forhandlingsmøtet.",
        "Eg er journalist i ei lokalavis og skriv om korleis nettbutikkar i regionen nyttar informasjonskapslar. Kan de seie kor mange tredjepartskapslar cantec.no set, og korleis samtykkeløysinga er vurdert opp mot ekomlova?",
        "Eg er masterstudent i informasjonstryggleik og skriv oppgåve om internkontroll etter personvernforordninga artikkel 24. Har de høve til eit kort intervju om korleis Cantec dokumenterer handsamingsaktivitetane sine?",
        "Som tillitsvald for dei tilsette på lageret ber eg om ei orientering om kva loggar som blir førte over bruken av handterminalar, og kor lenge loggane blir lagra.",
        "{company} sel produkta dykkar vidare, og vi går no gjennom leverandøravtalane våre. Vi ønskjer å avklare om Cantec er behandlingsansvarleg eller databehandlar når de får kundeopplysningar frå oss ved direktelevering.",
        "Eg er forskar ved eit universitet og kartlegg korleis verksemder praktiserer svarfristen i artikkel 12. Vi set stor pris på om de vil svare på eit anonymt spørjeskjema som tek om lag ti minutt.",
        "Vi representerer ein forbrukarorganisasjon som samanliknar personvernerklæringar i handelsbransjen. Erklæringa dykkar viser til personopplysningslova § 18, og vi lurer på om ein oppdatert versjon er under arbeid.",
        "{firm} har fått i oppdrag å gå gjennom databehandlaravtalen mellom Cantec og {company}. Kva underleverandørar er godkjende etter føresegna i avtalen om underdatabehandlarar?",
    ],
    "deferral": [
        "Eg vil gjere dykk merksame på at eg vurderer å krevje innsyn i opplysningane de har om meg. Eg ber ikkje om noko no, men kjem attende til saka når eg har bestemt meg.",
        "Når kundeforholdet mitt blir avslutta ved årsskiftet, kan det bli aktuelt å be om sletting. Førebels ønskjer eg at alt står som det er.",
        "Eg tek atterhald om å nytte rettane mine etter personvernforordninga kapittel III på eit seinare tidspunkt. Dette brevet er berre meint som eit varsel.",
        "Eg har enno ikkje bestemt meg for om eg vil trekkje attende samtykket til nyheitsbrevet. Eg skriv berre for å seie at eg kan kome til å gjere det etter sommaren.",
        "Før eg eventuelt set fram krav om retting, vil eg gå gjennom mine eigne papir. De treng ikkje gjere noko no.",
        "Klienten min, {name}, vurderer å protestere mot handsaminga, men har bede meg opplyse om at det ikkje blir sett fram noko krav no. Vi kjem eventuelt attende innan utgangen av månaden.",
        "Eg ber ikkje om noko på dette stadiet. Eg vil berre at de skal vite at eg følgjer med, og at eg kan kome til å krevje innsyn dersom det dukkar opp fleire feilsende e-postar.",
        "Skulle eg byte leverandør neste år, kan eg kome til å be om dataportabilitet, men eg ønskjer inga overføring no.",
    ],
    "declining": [
        "Eg ønskjer ikkje at kontoen min blir sletta. Eg ville berre stadfeste at eg har fått brevet dykkar om dei endra vilkåra.",
        "Takk for tilbodet om å sende meg ein kopi av opplysningane, men det treng de ikkje. Eg har det eg treng.",
        "Eg har tenkt meg om og vil likevel ikkje ha sletta kundeprofilen min. Sjå difor bort frå det eg sa i telefonsamtalen.",
        "De spurde om eg ville ha retta den gamle adressa. Det er ikkje naudsynt, for eg flyttar attende dit til hausten.",
        "Eg ønskjer ikkje å trekkje attende samtykket til nyheitsbrevet og har ingen innvendingar mot handsaminga slik ho er skildra.",
        "Eg ber ikkje om at noko blir endra eller sletta. Eg vil berre melde frå om at eg har lese den nye personvernerklæringa og ikkje har merknader til ho.",
        "Klienten min har bestemt seg for ikkje å forfølgje saka vidare, og det blir ikkje sett fram noko krav frå vår side.",
        "Eg vil ikkje at de overfører noko til {company}; det var ei mistyding frå mi side då eg nemnde det i chatten.",
    ],
    "thanks_closed": [
        "Takk for svaret dykkar av {date}. Eg har fått det eg bad om, og reknar saka som avslutta.",
        "Eg viser til saksnummer {cust} og stadfestar at førespurnaden min er ferdig handsama. Takk for rask og grundig oppfølging.",
        "Tusen takk for kopien av opplysningane eg fekk førre veke. Alt ser rett ut, og eg har ingen fleire spørsmål.",
        "Eg kan stadfeste at endringa er gjennomført og at eg ikkje lenger får utsendingar. Saka kan lukkast.",
        "Takk for at de tok dykk tid til å forklare korleis lagringa går føre seg. Svaret var oppklarande, og eg treng ikkje meir frå dykk.",
        "Eg skreiv til dykk {date} og har no fått ei tilfredsstillande utgreiing. Eg kjem ikkje til å klage til Datatilsynet og ser på saka som løyst.",
        "På vegner av {name} takkar eg for svaret på førespurnaden vår. Klienten er nøgd med løysinga, og vi lukkar saka hjå oss.",
        "Kort stadfesting: Kontoen er sletta slik eg bad om, og kvitteringa er motteken. Takk for hjelpa.",
    ],
    "follow_up_no_ask": [
        "Eg viser til brevet mitt av {date} og har enno ikkje fått svar. Kan de opplyse når eg kan vente ei tilbakemelding?",
        "Kva er status i saka med referanse {cust}? Fristen etter artikkel 12 nr. 3 nærmar seg.",
        "Eg sende ein førespurnad til personvern@cantec.no for tre veker sidan og har berre fått eit automatisk svar. Er han registrert hjå dykk?",
        "Eg ringde kundeservice {date} og fekk lovnad om svar innan ei veke. Eg lurer på kvar saka står.",
        "Klienten min, {name}, har ikkje høyrt noko sidan vi skreiv til dykk {date}. Gje oss ei oppdatering om sakshandsaminga og kva tid vi kan vente svar.",
        "Eg purrar med dette på den tidlegare førespurnaden min (saksnr. {cust}). Gje gjerne beskjed om de treng meir tid.",
        "Har de fått brevet mitt som vart sendt rekommandert {date}? Eg har ikkje fått noka stadfesting.",
        "Dette er ei venleg påminning om saka mi frå {date}. Eg vil berre vite når ho blir handsama.",
    ],
    "business_complaint": [
        "Eg reklamerer med dette på kaffitraktaren eg kjøpte i nettbutikken dykkar (ordre {order}), som slutta å verke etter fire månader. Etter forbrukarkjøpslova § 27 har eg reklamasjonsrett i to år, og eg ber om at vara blir reparert eller bytt.",
        "Ordre {order} skulle etter ordrestadfestinga kome innan fem vyrkedagar, men har framleis ikkje kome etter tre veker. Eg viser til reglane om forseinking i forbrukarkjøpslova og vurderer å heve kjøpet.",
        "Eg er trekt to gonger for same bestilling (ordre {order}). Eg ber om at det feilaktige beløpet blir ført attende til kortet mitt så snart som råd.",
        "Eg nytta angreretten innan fristen på 14 dagar etter angrerettlova og sende vara i retur {date}. Pengane er framleis ikkje betalte attende.",
        "Prisen i kassa var høgare enn prisen som stod på produktsida. Etter marknadsføringslova skal prisopplysningane vere korrekte, og eg ventar at de står ved den annonserte prisen.",
        "Eg er misnøgd med korleis kundeservice handsama klaga mi på telefon. Eg vart sett over tre gonger utan at nokon kunne hjelpe meg med garantisaka.",
        "Fakturaen for ordre {order} viser 1 499 kroner, medan avtalt pris var 1 199 kroner. Eg ber om ein korrigert faktura.",
        "Garantikravet på vaskemaskina vart avvist med grunngjeving i feil bruk, utan at nokon har sett på maskina. Eg minner om at reklamasjonsretten etter forbrukarkjøpslova gjeld uavhengig av produsentgarantien.",
    ],
    "inform_other": [
        "Eg vil gjere dykk merksame på at eg {date} fekk ein e-post som gav seg ut for å kome frå Cantec, med lenkje til ei side som bad om kortopplysningar. Avsendaradressa var ikkje domenet dykkar, så eg reknar med at det er svindel.",
        "Lenkja til personvernerklæringa nedst på cantec.no fører til ei side som ikkje finst. Eg tenkte de ville vite om det.",
        "I avsnittet om personvernrettar i erklæringa står det «sammtykket» med to m-ar. Ein liten ting, men eg nemner det.",
        "Eg skriv som leiar i eit burettslag som har kjøpt utstyr hjå dykk i fleire år. Vi vil berre informere om at styret har fått ny kontaktperson etter årsmøtet.",
        "I det siste nyheitsbrevet stod det feil telefonnummer til kundeservice, og fleire har ved ein feil ringt eit privat nummer.",
        "Eg fekk ved ein feil ein pakke der følgjesetelen hadde namn og adresse til ein annan kunde. Pakken er levert attende på posten, og eg har makulert følgjesetelen.",
        "Personvernerklæringa dykkar viser framleis til personopplysningslova § 18, som vart oppheva då forordninga vart innlemma i 2018. Eg nemner det berre til orientering.",
        "Ein av seljarane dykkar står utanfor kjøpesenteret og samlar inn namn og telefonnummer på eit ulåst nettbrett. Eg ville berre seie frå, sidan dette neppe er i tråd med rutinane dykkar.",
    ],
}

CLOSINGS = ["Med venleg helsing", "Venleg helsing", "Helsing", "Mvh"]
SIGNATURE_EXTRA = ["{email}", "Tlf. {phone}", "{addr}", "Kundenr. {cust}", "Advokat, {firm}", "Vedlegg: kopi av legitimasjon"]
FIRMS = ["Advokatfirmaet Sunde", "Vik & Rønning Advokatar", "Advokatkontoret Fjell"]
COMPANIES = ["Fjordhandel AS", "Nordlys Butikk", "Bryggen Digital AS"]
NAMES = ["Solveig Heggheim", "Eirik Natvik", "Ragnhild Myklebust", "Torleiv Aasen", "Gro Skeie", "Håvard Teigen",
         "Synnøve Fjære", "Arne Lothe"]
