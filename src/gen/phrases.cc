#include "gen/phrases.h"

#include <array>

namespace fiducia::gen {
namespace {

using P = std::string_view;

// --- Italian -----------------------------------------------------------------------------------

constexpr P kItRequest[] = {
    "Buongiorno, vorrei sapere quando arriva il mio ordine {O}.",
    "Salve, posso cambiare l'indirizzo di consegna dell'ordine {O}?",
    "Buongiorno, come faccio ad attivare la {P}? Ho ricevuto il modem ieri.",
    "Buonasera, vorrei passare alla {P}: quanto costa al mese?",
    "Ciao, mi mandate una copia della fattura di febbraio? Il numero cliente è {O}.",
    "Buongiorno, posso avere uno sconto sul rinnovo della {P}? Sono cliente da anni.",
    "Salve, vorrei aggiungere un secondo numero al mio contratto {O}.",
    "Buongiorno, il tecnico può venire giovedì pomeriggio invece che mattina?",
    "Ciao, come si cambia la password dell'area clienti?",
    "Buongiorno, vorrei restituire un articolo dell'ordine {O}: come devo fare?",
    "Salve, la {P} è disponibile anche nel mio comune? Abito a Pavia.",
    "Buongiorno, posso pagare le bollette con addebito su conto corrente?",
};
constexpr P kItDisservice[] = {
    "Buongiorno, la {P} non funziona da tre giorni e lavoro da casa.",
    "Salve, mi avete addebitato due volte la bolletta di marzo, ordine {O}.",
    "Buongiorno, il pacco {O} risulta consegnato ma non mi è mai arrivato.",
    "Ciao, la linea è isolata da stamattina, non riesco a chiamare nessuno.",
    "Buongiorno, non riesco più ad accedere all'area clienti, dice password errata.",
};
constexpr P kItFollowUp[] = {
    "Va bene, e per la fattura invece devo aspettare la prossima?",
    "Capito. Posso cambiare anche il metodo di pagamento?",
    "Ok, ma il codice di tracciamento dove lo trovo?",
    "Un'altra cosa: il modem vecchio va restituito?",
    "D'accordo. E il costo di attivazione quanto è?",
};
constexpr P kItClosing[] = {
    "Grazie mille!", "Ok, perfetto, grazie.", "Grazie, gentilissimi.", "Perfetto, grazie mille 🙏",
    "Ok grazie",
};
constexpr P kItReminder[] = {
    "Sollecito: ho scritto stamattina per l'ordine {O}, nessuno mi risponde?",
    "Ci siete? Aspetto ancora una risposta.",
    "Secondo sollecito per la mia richiesta, qualcuno mi risponde?",
    "Scusate, nessuno mi ha ancora risposto sull'ordine {O}.",
};
constexpr P kItHopReminder[] = {
    "Vi scrivo anche qui perché nessuno mi ha risposto alla richiesta sull'ordine {O}.",
    "Ho scritto ore fa e nessuno mi risponde, ci siete?",
    "Sollecito: ho già scritto per la {P} e aspetto ancora.",
};
constexpr P kItThreat[] = {
    "È la terza volta che scrivo: se non risolvete passo a un altro operatore.",
    "Basta, presento un reclamo formale.",
    "Se entro domani non è risolto disdico il contratto e passo a un altro operatore.",
};
constexpr P kItReply[] = {
    "Buongiorno {N}, ho controllato: l'ordine {O} è stato spedito ieri e arriva giovedì.",
    "Buongiorno {N}, l'indirizzo è aggiornato, la consegna andrà alla nuova via.",
    "Salve {N}, la {P} costa 29,90 euro al mese con il modem incluso.",
    "Buongiorno {N}, le ho appena inviato la fattura all'indirizzo e-mail registrato.",
    "Ciao {N}, ho spostato l'appuntamento del tecnico a giovedì alle 15.",
    "Buongiorno {N}, la password si cambia da Profilo, poi Sicurezza: le ho mandato il link.",
    "Salve {N}, il reso è gratuito: trova l'etichetta nella sua area clienti.",
    "Buongiorno {N}, ho attivato l'addebito su conto corrente dalla prossima bolletta.",
    "Ciao {N}, la {P} è disponibile a Pavia, può attivarla dal sito in cinque minuti.",
};
constexpr P kItReplyRepaired[] = {
    "Mi dispiace molto {N}, è un errore nostro: abbiamo già preso provvedimenti e non "
    "succederà più.",
    "Ci dispiace per il disagio {N}, è colpa nostra: la linea è ripristinata e faremo in modo che "
    "non si ripeta.",
};
constexpr P kItReplyEmpathyOnly[] = {
    "Mi dispiace per il disagio, {N}. Il tecnico è stato avvisato.",
    "Ci dispiace molto {N}, abbiamo inoltrato la segnalazione all'ufficio tecnico.",
};
constexpr P kItApology[] = {
    "Buongiorno {N}, ci scusiamo per l'attesa: l'ordine {O} è partito oggi.",
    "Salve {N}, chiediamo scusa per il ritardo, la fattura è nella sua area clienti.",
    "Ci scusiamo per il disagio {N}, la {P} è di nuovo attiva.",
};
constexpr P kItBlame[] = {
    "Buongiorno {N}, il ritardo è colpa del corriere, l'ordine {O} è fermo nel loro magazzino.",
    "Salve {N}, purtroppo non dipende da noi: è il fornitore che non ha consegnato.",
};
constexpr P kItRefusal[] = {
    "Buongiorno {N}, purtroppo non è possibile cambiare l'indirizzo dopo la spedizione.",
    "Salve {N}, non possiamo applicare lo sconto sul rinnovo della {P}.",
};
constexpr P kItOvercommit[] = {
    "Buongiorno {N}, le garantisco che il responsabile approverà il rimborso.",
    "Salve {N}, le garantisco il rimborso completo dell'ordine {O}.",
};
constexpr P kItExpectation[] = {
    "Buongiorno {N}, verifico con il responsabile e le faccio sapere.",
    "Salve {N}, chiedo al responsabile se lo sconto è applicabile e le faccio sapere.",
};
constexpr P kItPromise[] = {
    "Buongiorno {N}, la richiamo domani mattina con una risposta sull'ordine {O}.",
    "Salve {N}, la ricontatto domani mattina appena ho notizie dal magazzino.",
};
constexpr P kItFactFirst[] = {
    "Buongiorno {N}, il rimborso di {A} euro arriva entro 5 giorni lavorativi.",
};
constexpr P kItFactSecond[] = {
    "{N}, il rimborso di {A} euro arriva entro 10 giorni lavorativi.",
};
constexpr P kItAck[] = {
    "Grazie per averci scritto: abbiamo ricevuto la sua richiesta {O}.",
};
constexpr P kItNote[] = {
    "Cliente storico, controllare lo storico ordini prima di rispondere.",
    "Verificato in magazzino: spedizione regolare.",
};
constexpr P kItCallSummary[] = {
    "Il cliente chiedeva lo stato dell'ordine {O}: spiegato che arriva giovedì.",
    "Cliente chiede come attivare la {P}: guidato passo per passo, attivazione completata.",
    "Richiesta di copia fattura: inviata via e-mail durante la telefonata.",
};
constexpr P kItHostileCall[] = {
    "Cliente molto alterato per la bolletta, ci ha dato dei ladri e degli incompetenti.",
    "Il cliente ha urlato per tutta la chiamata e mi ha insultato, dicendo che siamo dei "
    "truffatori.",
};

// --- English -----------------------------------------------------------------------------------

constexpr P kEnRequest[] = {
    "Hi, when will my order {O} be delivered?",
    "Hello, can I change the delivery address for order {O}?",
    "Hi there, how do I set up the {P}? It arrived yesterday.",
    "Good morning, how much is the {P} per month?",
    "Hi, could you send me a copy of my February invoice? Account {O}.",
    "Hello, can I swap the size M in order {O} for an L?",
    "Hi, do you deliver the {P} to Northern Ireland?",
    "Hello, how do I reset the password of my account?",
    "Hi, I'd like to return one item from order {O}, how does it work?",
    "Good afternoon, can I pay by bank transfer?",
};
constexpr P kEnDisservice[] = {
    "Hi, my {P} stopped working after two days.",
    "Hello, you charged my card twice for order {O}.",
    "Hi, tracking says order {O} was delivered but nothing arrived.",
    "Hello, I can't log in to my account, it says the password is wrong.",
};
constexpr P kEnFollowUp[] = {
    "Right, and can I change the payment method too?",
    "OK, where do I find the tracking code?",
    "Understood. Is the return label included in the box?",
    "Fine. Does the {P} come with a charger?",
};
constexpr P kEnClosing[] = {
    "Thanks, that solved it!",
    "Great, thank you.",
    "Perfect, thanks so much 🙏",
    "Thank you!",
};
constexpr P kEnReminder[] = {
    "Any update on order {O}?",
    "Hello? Still waiting for an answer to my message.",
    "Is anyone there? I wrote this morning about order {O}.",
};
constexpr P kEnHopReminder[] = {
    "Writing here too because nobody has replied to my email about order {O}.",
    "Any update? I sent an email about the {P} hours ago.",
};
constexpr P kEnThreat[] = {
    "This is the third time I ask. I'm cancelling my subscription.",
    "If this isn't sorted today I will file a formal complaint.",
};
constexpr P kEnReply[] = {
    "Hi {N}, order {O} left our warehouse yesterday and arrives on Thursday.",
    "Hi {N}, the address is updated and the parcel will go to the new one.",
    "Hello {N}, the {P} is 24.99 a month with free delivery.",
    "Hi {N}, I've just emailed you the invoice for February.",
    "Hi {N}, done: the size L is on its way and the return label is in your account.",
    "Hello {N}, the password can be reset from Settings, I've sent you the link.",
    "Hi {N}, returns are free: the label is in your account under Orders.",
    "Hi {N}, yes, bank transfer works, the details are on the invoice.",
};
constexpr P kEnReplyRepaired[] = {
    "I'm sorry to hear that, {N}. It was our mistake, we've taken steps so it won't happen again.",
    "So sorry to hear this, {N}: the double charge was our error and we've taken steps to prevent "
    "this.",
};
constexpr P kEnReplyEmpathyOnly[] = {
    "I'm sorry to hear that, {N}. I've passed it on to the technical team.",
};
constexpr P kEnApology[] = {
    "Hi {N}, sorry for the inconvenience, order {O} left today.",
    "Hello {N}, we apologise for the delay, the invoice is in your account.",
};
constexpr P kEnBlame[] = {
    "Hi {N}, the delay is the courier's fault, so it's out of our hands.",
    "Hello {N}, it's the supplier's fault, they haven't shipped the {P} yet.",
};
constexpr P kEnRefusal[] = {
    "Hi {N}, unfortunately we can't change the address once the parcel has shipped.",
    "Hello {N}, we cannot refund order {O}.",
};
constexpr P kEnOvercommit[] = {
    "Hi {N}, I guarantee the manager will approve the refund.",
    "Hello {N}, I can guarantee you'll get a full refund for order {O}.",
};
constexpr P kEnExpectation[] = {
    "Hi {N}, I'll check with my manager and let you know.",
    "Hello {N}, let me check with the warehouse and I'll let you know.",
};
constexpr P kEnPromise[] = {
    "Hi {N}, I'll call you back tomorrow morning about order {O}.",
    "Hello {N}, I'll get back to you by tomorrow with the answer.",
};
constexpr P kEnFactFirst[] = {
    "Hi {N}, the refund of {A} pounds will reach you within 5 working days.",
};
constexpr P kEnFactSecond[] = {
    "{N}, the refund of {A} pounds will reach you within 10 working days.",
};
constexpr P kEnAck[] = {
    "Thanks for contacting us, we have received your request {O}.",
};
constexpr P kEnNote[] = {
    "Long-standing customer, check the order history first.",
    "Checked with the warehouse: shipped as normal.",
};
constexpr P kEnCallSummary[] = {
    "Customer asked where order {O} is: explained it arrives on Thursday.",
    "Customer asked how to set up the {P}: walked through it, all working.",
};
constexpr P kEnHostileCall[] = {
    "Customer very angry about the bill, called us useless idiots.",
    "Customer shouted through the whole call and called us a disgrace and incompetent.",
};

// --- Names ---------------------------------------------------------------------------------------

constexpr P kItFirst[] = {"Giulia", "Marco",  "Francesca", "Luca",  "Chiara", "Matteo",
                          "Sara",   "Davide", "Elena",     "Paolo", "Anna",   "Giorgio"};
constexpr P kItLast[] = {"Rossi",   "Russo", "Ferrari", "Esposito", "Bianchi", "Romano",
                         "Colombo", "Ricci", "Marino",  "Greco",    "Bruno",   "Gallo"};
constexpr P kEnFirst[] = {"Emma",   "Oliver", "Amelia", "Harry", "Isla",  "Jack",
                          "Sophie", "George", "Grace",  "Noah",  "Chloe", "Daniel"};
constexpr P kEnLast[] = {"Smith",  "Jones",  "Taylor", "Brown",  "Wilson", "Evans",
                         "Walker", "Hughes", "Wright", "Turner", "Hill",   "Clarke"};
constexpr P kItProducts[] = {"Fibra 1000", "offerta Mobile 100 Giga", "linea fissa", "Fibra Casa"};
constexpr P kEnProducts[] = {"wireless earbuds", "hoodie", "coffee grinder", "running shoes"};
constexpr P kItAgents[] = {"giulia", "marco", "sara", "luca", "elena", "paolo"};
constexpr P kEnAgents[] = {"oliver", "emma", "jack", "amelia", "harry", "grace"};

struct Bank {
  std::span<const P> it, en;
};

constexpr std::array<Bank, kKindCount> kBanks = {{
    {kItRequest, kEnRequest},
    {kItDisservice, kEnDisservice},
    {kItFollowUp, kEnFollowUp},
    {kItClosing, kEnClosing},
    {kItReminder, kEnReminder},
    {kItHopReminder, kEnHopReminder},
    {kItThreat, kEnThreat},
    {kItReply, kEnReply},
    {kItReplyRepaired, kEnReplyRepaired},
    {kItReplyEmpathyOnly, kEnReplyEmpathyOnly},
    {kItApology, kEnApology},
    {kItBlame, kEnBlame},
    {kItRefusal, kEnRefusal},
    {kItOvercommit, kEnOvercommit},
    {kItExpectation, kEnExpectation},
    {kItPromise, kEnPromise},
    {kItFactFirst, kEnFactFirst},
    {kItFactSecond, kEnFactSecond},
    {kItAck, kEnAck},
    {kItNote, kEnNote},
    {kItCallSummary, kEnCallSummary},
    {kItHostileCall, kEnHostileCall},
}};

constexpr std::array<P, kKindCount> kKindNames = {
    "request",        "disservice",         "follow_up",   "closing",
    "reminder",       "hop_reminder",       "threat",      "reply",
    "reply_repaired", "reply_empathy_only", "apology",     "blame",
    "refusal",        "overcommit",         "expectation", "promise",
    "fact_first",     "fact_second",        "ack",         "note",
    "call_summary",   "hostile_call"};

}  // namespace

std::span<const std::string_view> Phrases(Lang lang, Kind kind) {
  const Bank& bank = kBanks[static_cast<size_t>(kind)];
  return lang == Lang::kIt ? bank.it : bank.en;
}

std::string_view KindName(Kind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::span<const std::string_view> FirstNames(Lang lang) {
  return lang == Lang::kIt ? std::span<const P>(kItFirst) : std::span<const P>(kEnFirst);
}
std::span<const std::string_view> Surnames(Lang lang) {
  return lang == Lang::kIt ? std::span<const P>(kItLast) : std::span<const P>(kEnLast);
}
std::span<const std::string_view> Products(Lang lang) {
  return lang == Lang::kIt ? std::span<const P>(kItProducts) : std::span<const P>(kEnProducts);
}
std::span<const std::string_view> AgentNames(Lang lang) {
  return lang == Lang::kIt ? std::span<const P>(kItAgents) : std::span<const P>(kEnAgents);
}

}  // namespace fiducia::gen
