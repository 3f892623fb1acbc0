"""English building blocks for the training letters (written for Cantec; invented people, synthetic numbers).

``ASK``: sentences that ask Cantec to act on one right.  ``MENTION``: sentences
that only cite, describe, defer or decline that right (a letter full of them
asks nothing by them).  ``GENERIC``: boilerplate that names no right.
"""

from __future__ import annotations

SUBJECTS = {
    "access": ["Subject: Subject access request", "Re: Request for a copy of my personal data",
               "Subject: Data subject access request (Article 15 GDPR)", "Subject: My personal data"],
    "rectification": ["Subject: Request for rectification", "Subject: Incorrect personal data on my account",
                      "Re: Correction of my details"],
    "erasure": ["Subject: Request for erasure (Article 17 GDPR)", "Subject: Right to be forgotten",
                "Subject: Deletion of my personal data"],
    "withdraw_consent": ["Subject: Withdrawal of consent", "Subject: Please stop sending me marketing",
                         "Subject: Consent withdrawn"],
    "objection": ["Subject: Objection to processing (Article 21)", "Subject: Objection to profiling",
                  "Subject: Stop using my data for marketing"],
    "restriction": ["Subject: Request to restrict processing", "Subject: Restriction of processing (Article 18)"],
    "portability": ["Subject: Data portability request", "Subject: Transfer of my data (Article 20)"],
    "automated_decision": ["Subject: Request for human review of an automated decision",
                           "Subject: Automated decision on my application"],
    "none": ["Subject: Question about your privacy practices", "Subject: Follow-up", "Subject: Data protection"],
}

SALUTATIONS = ["Dear Sir or Madam,", "To the Data Protection Officer,", "Dear Cantec team,", "Hello,",
               "To whom it may concern,", "Dear Cantec,", "Attn: Privacy team, Cantec AS"]

IDENTITY = [
    "My name is {name} and I have been a customer of yours since {year}.",
    "I am writing on behalf of my client, {name}, who has authorised me to act for them.",
    "I am a former customer (customer number {cust}).",
    "Full name: {name}",
    "Email address used with your service: {email}",
    "Date of birth: {dob}",
    "Postal address: {addr}",
    "Phone: {phone}",
    "Customer number: {cust}",
    "I registered with the email address {email} and my phone number is {phone}.",
    "You may verify my identity using the account details above.",
    "A copy of my passport is attached to confirm my identity.",
    "Order reference: {order}",
]

ASK = {
    "access": [
        "I am writing to request a copy of all personal data you hold about me.",
        "Please send me a copy of the personal information you process about me.",
        "I hereby make a subject access request under Article 15 of the GDPR.",
        "I would like to see all the information your company has stored about me.",
        "Could you please tell me what data you have on me and send me a copy?",
        "Please confirm whether you process my personal data and, if so, provide me with a copy of it.",
        "I ask you to give me access to my personal data, including any notes made by your customer service.",
        "Kindly provide a copy of my data by email.",
        "What have you got stored on me? I would like to see it.",
        "I want to know exactly what you keep about me.",
    ],
    "rectification": [
        "I request that you correct my surname, which is spelt {wrong} in your records; the correct spelling is {name_last}.",
        "Please update my address to {addr}, as the one on file is out of date.",
        "My date of birth is registered incorrectly and I ask you to rectify it.",
        "I would like you to correct the phone number on my account to {phone}.",
        "The invoices keep arriving in my former name, so please change it to {name} in your systems.",
        "Your records list the wrong email address for me; please replace it with {email}.",
        "I hereby request rectification of the inaccurate personal data concerning me.",
        "My name is {name_first}, not {wrong}, and I would be grateful if you could fix this.",
    ],
    "erasure": [
        "I request that you erase all personal data you hold about me without undue delay.",
        "Please delete my account and every piece of information connected to it.",
        "I want you to remove my personal data from all your systems, including backups where possible.",
        "I hereby exercise my right to erasure and ask you to delete my data.",
        "I no longer shop with you and do not want you keeping anything about me.",
        "Please close my profile and wipe the data you have on me.",
        "Kindly delete my customer record.",
        "I ask that my data be erased, as it is no longer necessary for the purpose for which it was collected.",
    ],
    "withdraw_consent": [
        "I withdraw my consent to receiving your newsletter and marketing emails.",
        "Please unsubscribe me from all mailing lists with immediate effect.",
        "I hereby withdraw any consent I have given you to process my personal data.",
        "Stop sending me text messages with offers; I no longer agree to receive them.",
        "I no longer consent to cookies being used to track me on your website.",
        "Please take me off your marketing list.",
        "I am withdrawing the consent I gave when I signed up for your loyalty club.",
    ],
    "objection": [
        "I object to the processing of my personal data for direct marketing purposes.",
        "I object under Article 21 to your use of my data for profiling.",
        "Please stop using my purchase history to build a profile of me; I never agreed to it.",
        "I hereby object to the processing you base on your legitimate interests.",
        "I do not want my data used to tailor advertising to me, and I object to it.",
        "I never signed up for your offers, so stop using my contact details for marketing.",
    ],
    "restriction": [
        "I request that you restrict the processing of my data while the accuracy of my address is checked.",
        "Please keep my data but do not use it for anything until my complaint has been resolved.",
        "I ask you to restrict processing under Article 18 instead of deleting the data, as I may need it for a legal claim.",
        "Until you have decided on my objection, please suspend all use of my personal data.",
        "Do not delete my data, but please mark it as restricted so it is not used.",
    ],
    "portability": [
        "Please transfer my personal data directly to {company}, my new provider.",
        "I request that you send my data in a machine-readable format to {company}.",
        "I would like my order history moved to another service, {company}, under my right to data portability.",
        "Please hand over my account data to {company} so I can switch.",
    ],
    "access_portability": [
        "Please send me a copy of my data in a structured, commonly used and machine-readable format such as CSV or JSON.",
        "I want all my data as a file I can open in Excel.",
        "Could you export everything you hold on me as a CSV file and send it to me?",
        "I request a copy of my personal data in a machine-readable format so that I can reuse it.",
    ],
    "automated_decision": [
        "I ask that a person reviews the automated decision to reject my credit application.",
        "I contest the decision made by your automated system and request human intervention.",
        "Please have a human being look at my case again; the rejection was made automatically.",
        "I want the automatic refusal of my account to be reconsidered by a member of staff.",
    ],
}

MENTION = {
    "access": [
        "Under Article 15 of the GDPR, I have the right to obtain confirmation as to whether my personal data are processed.",
        "The right of access also covers the recipients to whom the data have been disclosed.",
        "Article 15(3) entitles a data subject to a copy of the personal data undergoing processing.",
        "I may later ask for a copy of my data as well.",
        "I am not asking for a copy of my data at this point.",
    ],
    "rectification": [
        "(e) the existence of the right to request rectification or erasure of personal data or restriction of processing;",
        "Under Article 16 I have the right to have inaccurate data rectified.",
        "If any of the data turn out to be wrong, I may ask you to correct it later.",
        "I am not asking for any corrections at this stage.",
        "Please also notify any recipients of rectification or erasure, as required by Article 19.",
    ],
    "erasure": [
        "Article 17 gives me the right to have my data erased in certain circumstances.",
        "I reserve the right to request erasure once I have reviewed your reply.",
        "I am not asking you to delete my account.",
        "If you intend to refuse erasure of any data, please state the legal basis for keeping it.",
        "The right to be forgotten is set out in Article 17 of the Regulation.",
    ],
    "withdraw_consent": [
        "Where processing is based on consent, Article 7(3) allows consent to be withdrawn at any time.",
        "Please state which processing is based on my consent.",
        "I may decide later whether to withdraw my consent to the newsletter.",
        "I still want to receive the newsletter.",
    ],
    "objection": [
        "Article 21 gives me the right to object to processing based on legitimate interests.",
        "I may object to the processing once I know its legal basis.",
        "Please state whether you rely on legitimate interests for any processing.",
    ],
    "restriction": [
        "Article 18 provides for the restriction of processing in certain cases.",
        "I understand that I may ask for the processing to be restricted while a dispute is resolved.",
    ],
    "portability": [
        "Article 20 grants the right to data portability for data provided on the basis of consent or contract.",
        "I may later ask you to transfer my data to another provider.",
    ],
    "automated_decision": [
        "(h) the existence of automated decision-making, including profiling, and meaningful information about the logic involved;",
        "Please tell me whether any decisions about me are made by automated means.",
        "Article 22 protects individuals against decisions based solely on automated processing.",
    ],
}

ACCESS_LIST_INTRO = [
    "In addition to the copy, please provide the following information:",
    "Your response should include:",
    "As required by Article 15(1), please tell me:",
]
ACCESS_LIST = [
    "(a) the purposes of the processing;",
    "(b) the categories of personal data concerned;",
    "(c) the recipients or categories of recipients to whom the data have been disclosed, in particular recipients in third countries;",
    "(d) the envisaged period for which the data will be stored, or the criteria used to determine that period;",
    "(e) the existence of the right to request rectification or erasure of personal data or restriction of processing, or to object to such processing;",
    "(f) the right to lodge a complaint with a supervisory authority;",
    "(g) where the data were not collected from me, any available information as to their source;",
    "(h) the existence of automated decision-making, including profiling, and meaningful information about the logic involved;",
    "- the appropriate safeguards under Article 46 if data are transferred outside the EEA.",
]
ERASURE_GROUNDS = [
    "The data are no longer necessary for the purposes for which they were collected (Article 17(1)(a)).",
    "I withdraw the consent on which the processing is based and there is no other legal ground (Article 17(1)(b)).",
    "I object to the processing and there are no overriding legitimate grounds (Article 17(1)(c)).",
    "The data have been unlawfully processed (Article 17(1)(d)).",
]

GENERIC = [
    "Please respond within one month of receipt, as required by Article 12(3) of the GDPR.",
    "If you need more time, you must inform me of the extension and the reasons within one month.",
    "If I do not hear from you within the deadline, I will lodge a complaint with Datatilsynet.",
    "I reserve the right to lodge a complaint with the supervisory authority.",
    "I also reserve the right to seek compensation under Article 82.",
    "Please confirm receipt of this letter.",
    "This request is made free of charge, as provided for in Article 12(5).",
    "If you do not hold any data about me, please confirm this in writing.",
    "Please reply to the email address below.",
    "Thank you in advance for your cooperation.",
    "I look forward to hearing from you.",
    "Should you require further information to locate my data, please let me know.",
    "This letter has been sent by email and by post.",
    "If you have appointed a Data Protection Officer, please forward this letter to them.",
    "Any refusal must be explained, with a reference to the legal provision relied on.",
    "Please note that the one-month deadline starts on the day you receive this letter.",
    "You can also complain to the Information Commissioner's Office, I understand, but I would rather settle this with you.",
    "My earlier email of {date} went unanswered.",
    "I have attached a scanned copy of my driving licence.",
]

QUESTION_BODY = [
    "Could you explain how long you keep customer records after an account is closed?",
    "I would like to understand which third parties you share order data with.",
    "Do I have the right to see what you store about me, and how would I go about it?",
    "How do I withdraw my consent if I change my mind later?",
    "What is the procedure for asking you to delete an account?",
    "Who is the data controller for the Cantec web shop?",
]

CLOSINGS = ["Yours faithfully,", "Kind regards,", "Best regards,", "Sincerely,", "Regards,"]
SIGNATURE_EXTRA = ["{email}", "{phone}", "{addr}", "Customer no. {cust}", "Solicitor, {firm}", "Encl.: copy of ID"]
FIRMS = ["Holt & Berg Advokatfirma", "Nordvik Legal AS", "Strand Partners"]
COMPANIES = ["Fjordhandel AS", "Nordlys Shop", "Bryggen Digital"]
NAMES = ["Ingrid Halvorsen", "Tomas Brekke", "Sara Lindqvist", "Oliver Nygaard", "Maja Solheim", "Peter Aas",
         "Hannah Berge", "Jonas Vik", "Emily Dahl", "Rune Kolstad"]
