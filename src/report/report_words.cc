#include "report/report_words.h"

#include <algorithm>
#include <array>

namespace fiducia {
namespace {

struct WordEntry {
  std::string_view key, it, en;
};

// Sorted by key (checked by a test), so that Word() is a binary search.
constexpr WordEntry kWords[] = {
    {"after", "dopo", "after"},
    {"agent", "operatore", "agent"},
    {"agent_strain", "segnalazioni di sovraccarico", "strain findings"},
    {"alarms", "Allarmi di fiducia", "Trust alarms"},
    {"alarms_lead",
     "Clienti la cui fiducia si sta esaurendo: terzo contatto in 7 giorni, minaccia di reclamo o "
     "di disdetta. Chiamateli oggi.",
     "Customers whose trust is running out: a third contact within 7 days, a threat to complain "
     "or to leave. Call them today."},
    {"all_channels", "tutti i canali", "all channels"},
    {"as_of", "giudicato al", "as of"},
    {"at", "quando", "at"},
    {"axis_possible", "possibile ←→ impossibile", "possible ←→ impossible"},
    {"axis_reasonable", "ragionevole ←→ irragionevole", "reasonable ←→ unreasonable"},
    {"b_double", "fino a 2× l'obiettivo", "up to 2× target"},
    {"b_four", "fino a 4× l'obiettivo", "up to 4× target"},
    {"b_half", "entro ½ obiettivo", "within ½ target"},
    {"b_more", "oltre 4× l'obiettivo", "over 4× target"},
    {"b_quarter", "entro ¼ obiettivo", "within ¼ target"},
    {"b_target", "entro l'obiettivo", "within target"},
    {"before", "prima", "before"},
    {"business_hours", "ore lavorative", "business hours"},
    {"calls", "chiamate gestite", "calls handled"},
    {"case", "caso", "case"},
    {"cases", "casi", "cases"},
    {"change", "variazione", "change"},
    {"channel", "canale", "channel"},
    {"class", "classe", "class"},
    {"comparison_lead",
     "Le cifre principali dei due periodi, una accanto all'altra, e di quanto sono cambiate (dopo "
     "meno prima; la quota nei tempi in punti percentuali).",
     "The headline figures of the two spans side by side, and how much each changed (after minus "
     "before; the share within target in percentage points)."},
    {"comparison_title", "Prima e dopo", "Before and after"},
    {"count", "numero", "count"},
    {"customer", "cliente", "customer"},
    {"customers", "clienti", "customers"},
    {"customers_chasing", "clienti che hanno dovuto sollecitare", "customers who had to chase"},
    {"customers_late", "clienti che hanno atteso oltre l'obiettivo",
     "customers who waited past target"},
    {"customers_two_truths", "clienti che hanno sentito due verità",
     "customers who heard two truths"},
    {"customers_unanswered", "clienti mai risposti (ancora in attesa)",
     "customers never answered (still waiting)"},
    {"day1", "lun", "Mon"},
    {"day2", "mar", "Tue"},
    {"day3", "mer", "Wed"},
    {"day4", "gio", "Thu"},
    {"day5", "ven", "Fri"},
    {"day6", "sab", "Sat"},
    {"day7", "dom", "Sun"},
    {"delays", "Silenzi e ritardi", "Silence and delays"},
    {"delays_lead",
     "Tempi di risposta per canale rispetto al suo obiettivo, in tempo lavorativo: le barre verdi "
     "sono nei tempi, le rosse oltre.",
     "Reply times per channel against its target, in business time: green bars are within "
     "target, red ones past it."},
    {"discordant", "Risposte discordanti, affiancate", "Discordant answers, side by side"},
    {"discordant_lead",
     "Due messaggi dell'azienda allo stesso cliente con valori diversi sullo stesso punto: dite al "
     "cliente quale vale.",
     "Two company messages to the same customer with different values for the same point: tell "
     "the customer which one holds."},
    {"earlier", "prima", "earlier"},
    {"end", "fine", "end"},
    {"explain_agent_strain",
     "L'operatore ha gestito nello stesso giorno più chiamate lunghe con clienti ostili: prevedete "
     "una pausa, un affiancamento o la rotazione delle code.",
     "The agent handled several long calls with hostile customers on the same day: plan a break, a "
     "colleague's support or a queue rotation."},
    {"explain_apology_wording",
     "La risposta chiede scusa (\"ci scusiamo\", \"scusi per\") invece di farsi carico del "
     "disagio: scrivete \"mi dispiace per…\" e dite cosa state facendo per rimediare.",
     "The reply asks forgiveness (\"sorry for\", \"we apologise\") instead of owning the feeling: "
     "write \"I'm sorry that…\" and say what you are doing to put it right."},
    {"explain_blame_shifting",
     "La risposta scarica la colpa su altri (corriere, fornitore, sistema, un collega): il cliente "
     "ha scelto voi, quindi assumetevi il problema e dite come lo risolvete.",
     "The reply puts the fault on someone else (courier, supplier, system, a colleague): the "
     "customer chose you, so own the problem and say how you will solve it."},
    {"explain_broken_promise",
     "Una promessa di ricontatto è scaduta senza che il cliente fosse ricontattato (ritardo {wait} "
     "lavorative): richiamate ora e promettete solo scadenze che potete rispettare.",
     "A promise to get back to the customer passed its deadline with no contact ({wait} of "
     "business time late): call now, and promise only deadlines you can keep."},
    {"explain_channel_hop",
     "Il cliente è passato da {channel} a {to_channel} per sollecitare una richiesta senza "
     "risposta: fate vedere a ogni canale l'intera conversazione e rispondete dove il cliente si "
     "trova ora.",
     "The customer moved from {channel} to {to_channel} to chase an unanswered request: let every "
     "channel see the whole conversation and answer where the customer is now."},
    {"explain_chaser",
     "Il cliente ha dovuto sollecitare dopo {wait} lavorative di attesa: rispondete prima che "
     "debba insistere, o ditegli quando arriverà la risposta.",
     "The customer had to chase after {wait} of business time: answer before customers need to "
     "insist, or tell them when the answer will come."},
    {"explain_discordant_answers",
     "Il cliente ha ricevuto due risposte diverse sullo stesso punto: chiaritegli quale vale, "
     "scusandovi per la confusione, e allineate il team sull'informazione corretta.",
     "The customer was told two different things about the same point: tell them which one holds, "
     "and align the team on the right answer."},
    {"explain_late_reply",
     "La risposta su {channel} è arrivata dopo {wait} lavorative, oltre l'obiettivo di {target}: "
     "verificate la copertura in quella fascia e mandate prima un riscontro, anche parziale.",
     "The answer on {channel} came after {wait} of business time, past the {target} target: check "
     "staffing at that hour and send a first reply sooner, even a partial one."},
    {"explain_overcommitment",
     "La risposta garantisce qualcosa che decide qualcun altro: promettete solo il vostro prossimo "
     "passo (\"le scrivo entro domani con l'esito\").",
     "The reply guarantees what someone else decides: promise only your own next step (\"I will "
     "write to you by tomorrow with the outcome\")."},
    {"explain_refusal_without_alternative",
     "La risposta dice di no senza offrire una strada: aggiungete un'alternativa (\"in alternativa "
     "possiamo…\") o il passo successivo che il cliente può fare.",
     "The reply says no with no way forward: add an alternative (\"what we can do instead is…\") "
     "or the next step the customer can take."},
    {"explain_silent_no",
     "Al cliente è stato detto che avrebbe avuto notizie (o una decisione è stata presa in una "
     "nota), ma nessuno gliel'ha più comunicato: scrivetegli l'esito oggi, anche se è un no, con "
     "un'alternativa.",
     "The customer was told they would hear back (or a note recorded a decision), and nobody told "
     "them: write the outcome today, even if it is a no, with an alternative."},
    {"explain_trust_alarm",
     "La fiducia del cliente si sta esaurendo (contatti ripetuti o minaccia di reclamo o di "
     "disdetta): fate chiamare il cliente oggi da un responsabile con una soluzione concreta.",
     "The customer's trust is running out (repeated contacts, or a threat to complain or leave): "
     "have a team lead call them today with a concrete solution."},
    {"explain_trust_repair_incomplete",
     "Dopo un disservizio le risposte non contengono tutti e tre gli elementi della riparazione: "
     "empatia (\"mi dispiace\"), responsabilità (\"è un nostro errore\") e impegno (\"faremo in "
     "modo che non ricapiti\"); aggiungete quelli mancanti.",
     "After a disservice the replies lack one of the three parts of a repair: empathy (\"I'm "
     "sorry\"), responsibility (\"it was our mistake\") and a commitment (\"we will make sure it "
     "does not happen again\"); add what is missing."},
    {"explain_unanswered",
     "Il cliente attende una risposta su {channel} da {wait} lavorative (obiettivo {target}): "
     "rispondete subito, anche solo per dire quando arriverà la risposta completa.",
     "The customer has waited {wait} of business time for an answer on {channel} (target "
     "{target}): answer now, even only to say when the full answer will come."},
    {"explain_volume_spike",
     "Picco di messaggi in entrata su {channel}: le risposte in ritardo di quell'ora dipendono dal "
     "volume; prevedete rinforzi o una risposta automatica che dica i tempi.",
     "Spike of inbound messages on {channel}: late answers in that hour come from volume; plan "
     "extra staff or an automatic reply that states the waiting time."},
    {"explanation", "cosa fare", "what to do"},
    {"figure", "cifra", "figure"},
    {"figure_findings", "segnalazioni", "findings"},
    {"figure_median_wait_seconds", "attesa mediana", "median wait"},
    {"figure_requests", "richieste", "requests"},
    {"figure_trust_score", "punteggio di fiducia", "trust score"},
    {"figure_within_target_share", "quota nei tempi", "share within target"},
    {"findings", "segnalazioni", "findings"},
    {"findings_discordance", "Due verità", "Two truths"},
    {"findings_discordance_lead", "Il cliente ha ricevuto risposte diverse sulla stessa cosa.",
     "The customer was told different things about the same point."},
    {"findings_per_rule", "Segnalazioni per regola", "Findings per rule"},
    {"findings_promises", "Promesse", "Promises"},
    {"findings_promises_lead",
     "Promesse di ricontatto non mantenute e decisioni mai comunicate al cliente.",
     "Promises to get back that were not kept, and decisions never told to the customer."},
    {"findings_silence", "Silenzi, ritardi, solleciti", "Silence, delays, chasing"},
    {"findings_silence_lead",
     "Richieste senza risposta, risposte in ritardo, clienti che sollecitano o cambiano canale.",
     "Requests left unanswered, late answers, customers who chase or switch channel."},
    {"findings_team", "Squadra e volumi", "Team and volume"},
    {"findings_team_lead", "Operatori sotto pressione e picchi di messaggi che spiegano i ritardi.",
     "Agents under strain, and inbound spikes that explain delays."},
    {"findings_trust", "Riparazione e allarmi di fiducia", "Trust repair and alarms"},
    {"findings_trust_lead",
     "Disservizi senza una riparazione completa e clienti la cui fiducia si sta esaurendo.",
     "Disservices without a full repair, and customers whose trust is running out."},
    {"findings_wording", "Parole delle risposte", "Wording of replies"},
    {"findings_wording_lead",
     "Risposte che chiedono scusa invece di farsi carico, scaricano la colpa, dicono no senza "
     "alternativa o promettono ciò che decide altri.",
     "Replies that ask forgiveness instead of owning it, shift blame, refuse with no way forward "
     "or guarantee what someone else decides."},
    {"footer",
     "Scritto da fiducia. I tempi sono in tempo lavorativo (orari e festività del calendario). "
     "Tutte le segnalazioni sono anche nel foglio di calcolo e nei file CSV.",
     "Written by fiducia. Waits are in business time (the calendar's hours and holidays). Every "
     "finding is also in the spreadsheet and the CSV files."},
    {"grid", "Griglia RAGIONEVOLE/POSSIBILE", "REASONABLE/POSSIBLE grid"},
    {"grid_lead",
     "Le richieste dei clienti per classe: quota, attesa media e risposte dell'azienda per "
     "richiesta (lo sforzo).",
     "Customer requests by class: share, mean wait and company replies per request (the "
     "effort)."},
    {"high", "alta", "high"},
    {"hostile_long_calls", "lunghe con cliente ostile", "long, hostile customer"},
    {"hour", "ora", "hour"},
    {"in", "cliente", "customer"},
    {"inbound", "in entrata", "inbound"},
    {"label", "voce", "label"},
    {"later", "dopo", "later"},
    {"long_calls", "chiamate di 10 min o più", "calls of 10 min or more"},
    {"low", "bassa", "low"},
    {"mean_wait", "attesa media", "mean wait"},
    {"mean_wait_hours", "attesa media (ore)", "mean wait (hours)"},
    {"median_hours", "attesa mediana", "median wait"},
    {"medium", "media", "medium"},
    {"message", "messaggio", "message"},
    {"messages", "messaggi", "messages"},
    {"metric", "misura", "metric"},
    {"nav_alarms", "Allarmi", "Alarms"},
    {"nav_delays", "Ritardi", "Delays"},
    {"nav_discordant", "Discordanze", "Discordant"},
    {"nav_findings-discordance", "Due verità", "Two truths"},
    {"nav_findings-promises", "Promesse (regole)", "Promises (rules)"},
    {"nav_findings-silence", "Silenzi", "Silence"},
    {"nav_findings-team", "Squadra", "Team"},
    {"nav_findings-trust", "Fiducia", "Trust"},
    {"nav_findings-wording", "Parole", "Wording"},
    {"nav_grid", "Griglia", "Grid"},
    {"nav_promises", "Promesse", "Promises"},
    {"nav_strain", "Operatori", "Strain"},
    {"nav_summary", "Sintesi", "Summary"},
    {"nav_trends", "Andamento", "Trend"},
    {"nav_volume", "Volume", "Volume"},
    {"no_agents", "Nessun operatore nominato nei dati.", "No agent is named in the data."},
    {"no_answer_acknowledgement", "non chiede risposta: prende atto",
     "needs no answer: an acknowledgement"},
    {"no_answer_closing", "non chiede risposta: chiusura o ringraziamento",
     "needs no answer: a closing or thanks"},
    {"no_answer_not_addressed", "non chiede risposta: non è rivolto all'azienda",
     "needs no answer: not addressed to the company"},
    {"no_answer_reaction", "non chiede risposta: una reazione", "needs no answer: a reaction"},
    {"no_findings", "Nessuna segnalazione.", "No findings."},
    {"nobody_waiting", "Nessun cliente è in attesa oltre l'obiettivo.",
     "No customer is waiting past target."},
    {"note", "nota interna", "internal note"},
    {"out", "azienda", "company"},
    {"p90_hours", "attesa al 90° percentile", "90th percentile wait"},
    {"past_target", "oltre l'obiettivo", "past target"},
    {"period_from", "dal", "from"},
    {"points", "punti", "points"},
    {"promises", "Promesse mantenute, infrante, taciute", "Promises kept, broken and silent"},
    {"promises_broken", "infrante", "broken"},
    {"promises_kept", "mantenute o non ancora scadute", "kept or not yet due"},
    {"promises_lead",
     "Messaggi dell'azienda che promettono un ricontatto o fanno attendere una decisione, e cosa "
     "ne è stato.",
     "Company messages that promise to get back or make the customer expect a decision, and what "
     "became of them."},
    {"promises_made", "promesse e attese create", "promises and expectations raised"},
    {"promises_silent", "taciute (nessuno ha più scritto)", "silent (nobody wrote back)"},
    {"reasonable-impossible", "ragionevole, impossibile", "reasonable, impossible"},
    {"reasonable-possible", "ragionevole, possibile", "reasonable, possible"},
    {"replies", "risposte", "replies"},
    {"replies_per_request", "risposte per richiesta", "replies per request"},
    {"report_title", "fiducia — rapporto sulla fiducia dei clienti",
     "fiducia — customer trust report"},
    {"requests", "richieste", "requests"},
    {"rule", "regola", "rule"},
    {"rule_agent_strain", "Operatore sotto pressione", "Agent strain"},
    {"rule_apology_wording", "Scuse invece di empatia", "Apology wording"},
    {"rule_blame_shifting", "Colpa scaricata", "Blame shifting"},
    {"rule_broken_promise", "Promessa infranta", "Broken promise"},
    {"rule_channel_hop", "Cambio di canale", "Channel hop"},
    {"rule_chaser", "Sollecito del cliente", "Customer chased"},
    {"rule_discordant_answers", "Risposte discordanti", "Discordant answers"},
    {"rule_late_reply", "Risposta in ritardo", "Late reply"},
    {"rule_overcommitment", "Promessa eccessiva", "Overcommitment"},
    {"rule_refusal_without_alternative", "No senza alternativa", "Refusal without alternative"},
    {"rule_silent_no", "No taciuto", "Silent no"},
    {"rule_trust_alarm", "Allarme di fiducia", "Trust alarm"},
    {"rule_trust_repair_incomplete", "Riparazione incompleta", "Trust repair incomplete"},
    {"rule_unanswered", "Senza risposta", "Unanswered"},
    {"rule_volume_spike", "Picco di volume", "Volume spike"},
    {"see_spreadsheet", "le altre sono nel foglio di calcolo e nei CSV",
     "the rest are in the spreadsheet and the CSV files"},
    {"severity", "gravità", "severity"},
    {"share", "quota", "share"},
    {"share_within_target", "quota nei tempi", "share within target"},
    {"sheet_agents", "Operatori", "Agents"},
    {"sheet_channels", "Canali", "Channels"},
    {"sheet_comparison", "Prima e dopo", "Before and after"},
    {"sheet_findings_discordance", "Due verità", "Two truths"},
    {"sheet_findings_promises", "Promesse (regole)", "Promises (rules)"},
    {"sheet_findings_silence", "Silenzi e ritardi", "Silence and delays"},
    {"sheet_findings_team", "Squadra e volumi", "Team and volume"},
    {"sheet_findings_trust", "Fiducia", "Trust"},
    {"sheet_findings_wording", "Parole", "Wording"},
    {"sheet_grid", "Griglia", "Grid"},
    {"sheet_heatmap", "Volume", "Volume"},
    {"sheet_periods", "Andamento", "Trend"},
    {"sheet_promises", "Promesse", "Promises"},
    {"sheet_summary", "Sintesi", "Summary"},
    {"sheet_waiting", "In attesa", "Waiting"},
    {"shown_of", "mostrate su", "shown of"},
    {"since", "dal", "since"},
    {"spike", "picco", "spike"},
    {"start", "inizio", "start"},
    {"state", "stato", "state"},
    {"strain", "Carico degli operatori", "Agent strain"},
    {"strain_lead",
     "Per operatore: chiamate gestite, chiamate lunghe, quelle con un cliente ostile e le "
     "segnalazioni di sovraccarico. Prevedete pause e rotazioni.",
     "Per agent: calls handled, long calls, those with a hostile customer, and strain findings. "
     "Plan breaks and rotations."},
    {"summary", "Sintesi", "Summary"},
    {"summary_lead", "Quanti clienti hanno perso un po' di fiducia, e dove.",
     "How many customers lost some trust, and where."},
    {"target", "obiettivo", "target"},
    {"target_hours", "obiettivo (ore)", "target (hours)"},
    {"trend_lead",
     "Ogni periodo del tratto esaminato (il primo e l'ultimo tagliati ai giorni esaminati): "
     "richieste, quota risposta nei tempi per canale, attesa mediana in orario lavorativo, "
     "punteggio di fiducia e segnalazioni per regola, ciascuno contato nel giorno del messaggio "
     "del cliente.",
     "Each period of the audited span (the first and last cut to the days audited): requests, "
     "share answered within target per channel, median wait in business time, trust score and "
     "findings per rule, each counted on the day of the customer's message."},
    {"trend_month", "Andamento mese per mese", "Month by month"},
    {"trend_week", "Andamento settimana per settimana", "Week by week"},
    {"trust", "fiducia", "trust"},
    {"trust_score", "punteggio di fiducia", "trust score"},
    {"trust_score_explained",
     "100 quando nessuna richiesta ha portato a una segnalazione. Ogni segnalazione toglie il suo "
     "peso (alta 1, media ½, bassa ¼) in proporzione alle richieste del canale o alle risposte "
     "dell'operatore: 100 × (1 − segnalazioni pesate ÷ richieste), mai sotto 0. Verde da 90, "
     "arancione da 70, rosso sotto.",
     "100 when no request led to a finding. Each finding takes off its weight (high 1, medium ½, "
     "low ¼) as a share of the channel's requests or the agent's replies: 100 × (1 − weighted "
     "findings ÷ requests), never below 0. Green from 90, orange from 70, red below."},
    {"trust_score_title", "Punteggio di fiducia per canale e per operatore",
     "Trust score per channel and per agent"},
    {"unreasonable-impossible", "irragionevole, impossibile", "unreasonable, impossible"},
    {"unreasonable-possible", "irragionevole, possibile", "unreasonable, possible"},
    {"value", "valore", "value"},
    {"volume", "Volume in entrata per giorno e ora", "Inbound volume by weekday and hour"},
    {"volume_lead",
     "Messaggi dei clienti per giorno della settimana e ora; i picchi segnalati sono marcati con "
     "▲.",
     "Customer messages by weekday and hour; flagged spikes are marked ▲."},
    {"volume_zone", "Ore nel fuso orario del calendario:", "Hours in the calendar's time zone:"},
    {"waited", "attesa", "waited"},
    {"waited_hours", "attesa (ore lavorative)", "waited (business hours)"},
    {"waiting", "in attesa", "waiting"},
    {"waiting_longest", "Chi aspetta da più tempo, ora", "Waiting longest right now"},
    {"weekday", "giorno", "weekday"},
    {"what_to_do", "cosa fare", "what to do next"},
    {"within_target", "nei tempi", "within target"},
};

const WordEntry* Find(std::string_view key) {
  const auto* it =
      std::lower_bound(std::begin(kWords), std::end(kWords), key,
                       [](const WordEntry& e, std::string_view k) { return e.key < k; });
  return it != std::end(kWords) && it->key == key ? it : nullptr;
}

}  // namespace

std::string_view Word(std::string_view key, Lang lang) {
  const WordEntry* e = Find(key);
  if (e == nullptr) return key;
  return lang == Lang::kIt ? e->it : e->en;
}

bool HasWord(std::string_view key) { return Find(key) != nullptr; }

bool WordsAreSorted() {
  return std::is_sorted(std::begin(kWords), std::end(kWords),
                        [](const WordEntry& a, const WordEntry& b) { return a.key < b.key; });
}

std::string_view RuleTitle(Rule rule, Lang lang) { return Word(RuleOf(rule).title_key, lang); }

}  // namespace fiducia
