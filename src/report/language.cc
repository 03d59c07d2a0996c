#include "report/language.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "common/time_text.h"
#include "report/report_words.h"

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

// The template under the rule's explanation key, its {channel}, {to_channel}, {wait} and {target}
// filled in: the channel and target of the request, the channel the anchor came on (where a
// chaser hopped to), the business time measured.
std::string Explain(const Finding& f, const Corpus& corpus, Lang lang) {
  const std::string_view text = Word(RuleOf(f.rule).explanation_key, lang);
  const std::string wait = f.business_time ? HumanWait(*f.business_time, lang) : "";
  const Channel to = corpus.events()[f.messages.front()].channel;
  return fmt::format(fmt::runtime(text), fmt::arg("channel", ChannelName(f.channel, lang)),
                     fmt::arg("to_channel", ChannelName(to, lang)), fmt::arg("wait", wait),
                     fmt::arg("target", HumanWait(f.target, lang)));
}

}  // namespace fiducia
