#include "report/language.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "common/time_text.h"

namespace fiducia {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, kChannelCount> kChannels = {{
    {"e-mail", "e-mail"},
    {"WhatsApp", "WhatsApp"},
    {"telefono", "phone"},
    {"chat", "chat"},
    {"SMS", "SMS"},
    {"social", "social"},
    {"web", "web"},
    {"altro", "other"},
}};

struct PhraseEntry {
  std::string_view key, it, en;
};

constexpr PhraseEntry kPhrases[] = {
    {"title", "fiducia audit", "fiducia audit"},
    {"as_of", "giudicato al", "as of"},
    {"files", "file", "files"},
    {"messages", "messaggi", "messages"},
    {"customers", "clienti", "customers"},
    {"cases", "casi", "cases"},
    {"skipped", "record scartati (vedi gli errori sopra)",
     "records skipped (see the errors above)"},
    {"files_skipped", "file ignorati nelle cartelle (non sono eventi)",
     "files in directories left out (not event files)"},
    {"duplicates", "eventi duplicati contati una volta", "duplicate events counted once"},
    {"findings", "Segnalazioni", "Findings"},
    {"findings_col", "segnalazioni", "findings"},
    {"rule", "regola", "rule"},
    {"count", "numero", "count"},
    {"channel", "canale", "channel"},
    {"inbound", "in entrata", "inbound"},
    {"requests", "richieste", "requests"},
    {"in_target", "nei tempi", "within target"},
    {"target", "obiettivo", "target"},
    {"service", "Tempi di risposta per canale", "Reply times per channel"},
    {"longest", "Le attese più lunghe", "Longest waits"},
    {"waiting", "in attesa", "waiting"},
    {"answered_after", "risposta dopo", "answered after"},
    {"none", "nessuna", "none"},
    {"json_written", "JSON scritto in", "JSON written to"},
    {"html_written", "Rapporto HTML scritto in", "HTML report written to"},
    {"xlsx_written", "Foglio di calcolo scritto in", "Spreadsheet written to"},
    {"csv_written", "File CSV scritti in", "CSV files written to"},
    {"elapsed", "tempo", "time"},
};

constexpr std::string_view kUnexplained = "";

}  // namespace

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "it") return Lang::kIt;
  if (s == "en") return Lang::kEn;
  return std::nullopt;
}

Lang LangFromLocale(std::string_view locale) {
  return locale.substr(0, 2) == "it" ? Lang::kIt : Lang::kEn;
}

std::string_view ToString(Lang l) { return l == Lang::kIt ? "it" : "en"; }

std::string_view ChannelName(Channel c, Lang lang) {
  const auto& names = kChannels[static_cast<size_t>(c)];
  return lang == Lang::kIt ? names.first : names.second;
}

std::string HumanWait(std::chrono::seconds d, Lang lang) {
  std::string text = HumanDuration(d);
  if (lang == Lang::kIt && !text.empty() && text.find(" d") != std::string::npos) {
    text.replace(text.find(" d"), 2, " g");  // giorni
  }
  return text;
}

std::string_view Phrase(std::string_view key, Lang lang) {
  for (const auto& p : kPhrases) {
    if (p.key == key) return lang == Lang::kIt ? p.it : p.en;
  }
  return kUnexplained;
}

std::string Explain(const Finding& f, const Corpus& corpus, Lang lang) {
  const bool it = lang == Lang::kIt;
  const std::string wait = f.business_time ? HumanWait(*f.business_time, lang) : "";
  const std::string target = HumanWait(f.target, lang);
  const std::string_view channel = ChannelName(f.channel, lang);
  switch (f.rule) {
    case Rule::kUnanswered:
      return it ? fmt::format(
                      "Il cliente attende una risposta su {} da {} lavorative (obiettivo "
                      "{}): rispondete subito, anche solo per dire quando arriverà la "
                      "risposta completa.",
                      channel, wait, target)
                : fmt::format(
                      "The customer has waited {} of business time for an answer on {} "
                      "(target {}): answer now, even only to say when the full answer "
                      "will come.",
                      wait, channel, target);
    case Rule::kLateReply:
      return it ? fmt::format(
                      "La risposta su {} è arrivata dopo {} lavorative, oltre l'obiettivo "
                      "di {}: verificate la copertura in quella fascia e mandate prima un "
                      "riscontro, anche parziale.",
                      channel, wait, target)
                : fmt::format(
                      "The answer on {} came after {} of business time, past the {} "
                      "target: check staffing at that hour and send a first reply sooner, "
                      "even a partial one.",
                      channel, wait, target);
    case Rule::kChaser:
      return it ? fmt::format(
                      "Il cliente ha dovuto sollecitare dopo {} lavorative di attesa: "
                      "rispondete prima che debba insistere, o ditegli quando arriverà la "
                      "risposta.",
                      wait)
                : fmt::format(
                      "The customer had to chase after {} of business time: answer "
                      "before customers need to insist, or tell them when the answer will "
                      "come.",
                      wait);
    case Rule::kChannelHop: {
      const Channel to = corpus.events()[f.messages.front()].channel;
      return it ? fmt::format(
                      "Il cliente è passato da {} a {} per sollecitare una richiesta senza "
                      "risposta: fate vedere a ogni canale l'intera conversazione e "
                      "rispondete dove il cliente si trova ora.",
                      channel, ChannelName(to, lang))
                : fmt::format(
                      "The customer moved from {} to {} to chase an unanswered request: "
                      "let every channel see the whole conversation and answer where the "
                      "customer is now.",
                      channel, ChannelName(to, lang));
    }
    case Rule::kApologyWording:
      return it ? std::string(
                      "La risposta chiede scusa (\"ci scusiamo\", \"scusi per\") invece di "
                      "farsi carico del disagio: scrivete \"mi dispiace per…\" e dite cosa "
                      "state facendo per rimediare.")
                : std::string(
                      "The reply asks forgiveness (\"sorry for\", \"we apologise\") "
                      "instead of owning the feeling: write \"I'm sorry that…\" and say "
                      "what you are doing to put it right.");
    case Rule::kBlameShifting:
      return it ? std::string(
                      "La risposta scarica la colpa su altri (corriere, fornitore, sistema, "
                      "un collega): il cliente ha scelto voi, quindi assumetevi il problema "
                      "e dite come lo risolvete.")
                : std::string(
                      "The reply puts the fault on someone else (courier, supplier, "
                      "system, a colleague): the customer chose you, so own the problem "
                      "and say how you will solve it.");
    case Rule::kRefusalWithoutAlternative:
      return it ? std::string(
                      "La risposta dice di no senza offrire una strada: aggiungete "
                      "un'alternativa (\"in alternativa possiamo…\") o il passo "
                      "successivo che il cliente può fare.")
                : std::string(
                      "The reply says no with no way forward: add an alternative "
                      "(\"what we can do instead is…\") or the next step the customer "
                      "can take.");
    case Rule::kOvercommitment:
      return it ? std::string(
                      "La risposta garantisce qualcosa che decide qualcun altro: "
                      "promettete solo il vostro prossimo passo (\"le scrivo entro "
                      "domani con l'esito\").")
                : std::string(
                      "The reply guarantees what someone else decides: promise only "
                      "your own next step (\"I will write to you by tomorrow with the "
                      "outcome\").");
    case Rule::kSilentNo:
      return it ? std::string(
                      "Al cliente è stato detto che avrebbe avuto notizie (o una decisione è "
                      "stata presa in una nota), ma nessuno gliel'ha più comunicato: "
                      "scrivetegli l'esito oggi, anche se è un no, con un'alternativa.")
                : std::string(
                      "The customer was told they would hear back (or a note recorded a "
                      "decision), and nobody told them: write the outcome today, even if "
                      "it is a no, with an alternative.");
    case Rule::kBrokenPromise:
      return it ? fmt::format(
                      "Una promessa di ricontatto è scaduta senza che il cliente fosse "
                      "ricontattato (ritardo {} lavorative): richiamate ora e promettete "
                      "solo scadenze che potete rispettare.",
                      wait)
                : fmt::format(
                      "A promise to get back to the customer passed its deadline with no "
                      "contact ({} of business time late): call now, and promise only "
                      "deadlines you can keep.",
                      wait);
    case Rule::kDiscordantAnswers:
      return it ? std::string(
                      "Il cliente ha ricevuto due risposte diverse sullo stesso punto: "
                      "chiaritegli quale vale, scusandovi per la confusione, e allineate "
                      "il team sull'informazione corretta.")
                : std::string(
                      "The customer was told two different things about the same point: "
                      "tell them which one holds, and align the team on the right "
                      "answer.");
    case Rule::kTrustRepairIncomplete:
      return it ? std::string(
                      "Dopo un disservizio le risposte non contengono tutti e tre gli "
                      "elementi della riparazione: empatia (\"mi dispiace\"), "
                      "responsabilità (\"è un nostro errore\") e impegno (\"faremo in modo "
                      "che non ricapiti\"); aggiungete quelli mancanti.")
                : std::string(
                      "After a disservice the replies lack one of the three parts of a "
                      "repair: empathy (\"I'm sorry\"), responsibility (\"it was our "
                      "mistake\") and a commitment (\"we will make sure it does not happen "
                      "again\"); add what is missing.");
    case Rule::kTrustAlarm:
      return it ? std::string(
                      "La fiducia del cliente si sta esaurendo (contatti ripetuti o minaccia "
                      "di reclamo o di disdetta): fate chiamare il cliente oggi da un "
                      "responsabile con una soluzione concreta.")
                : std::string(
                      "The customer's trust is running out (repeated contacts, or a threat "
                      "to complain or leave): have a team lead call them today with a "
                      "concrete solution.");
    case Rule::kAgentStrain:
      return it ? std::string(
                      "L'operatore ha gestito nello stesso giorno più chiamate lunghe con "
                      "clienti ostili: prevedete una pausa, un affiancamento o la rotazione "
                      "delle code.")
                : std::string(
                      "The agent handled several long calls with hostile customers on the "
                      "same day: plan a break, a colleague's support or a queue rotation.");
    case Rule::kVolumeSpike:
      return it ? fmt::format(
                      "Picco di messaggi in entrata su {}: le risposte in ritardo di "
                      "quell'ora dipendono dal volume; prevedete rinforzi o una risposta "
                      "automatica che dica i tempi.",
                      channel)
                : fmt::format(
                      "Spike of inbound messages on {}: late answers in that hour come "
                      "from volume; plan extra staff or an automatic reply that states "
                      "the waiting time.",
                      channel);
  }
  return std::string(kUnexplained);
}

}  // namespace fiducia
