#include "coach/coach.h"

#include <fmt/format.h>

#include "common/json_writer.h"
#include "rules/catalogue.h"
#include "rules/wording.h"

namespace fiducia {
namespace {

struct Advice {
  Rule rule;  // the words shown are those of its catalogue row's trigger cues
  bool (*breaks)(uint32_t);
  std::string_view it, en;
};

constexpr Advice kAdvice[] = {
    {Rule::kApologyWording, BreaksApologyWording,
     "chiede scusa invece di farsi carico del disagio. Meglio: «Mi dispiace per l'attesa: ho già "
     "sollecitato il tecnico e la aggiorno entro le 16.»",
     "asks forgiveness instead of owning the feeling. Better: \"I'm sorry you had to wait: I've "
     "chased the engineer and will update you by 4pm.\""},
    {Rule::kBlameShifting, BreaksBlameShifting,
     "scarica la colpa su altri: il cliente ha scelto voi. Meglio: «Il ritardo è un problema "
     "nostro: ho già sollecitato il corriere e la aggiorno domani entro le 12.»",
     "puts the fault on someone else: the customer chose you. Better: \"The delay is ours to fix: "
     "I've chased the courier and will update you by noon tomorrow.\""},
    {Rule::kRefusalWithoutAlternative, BreaksRefusalWithoutAlternative,
     "dice di no senza una strada. Aggiungete un'alternativa: «Non possiamo cambiare la data, "
     "però possiamo consegnarlo al punto di ritiro più vicino.»",
     "says no with no way forward. Add an alternative: \"We can't change the date, but we can "
     "deliver it to the nearest pick-up point.\""},
    {Rule::kOvercommitment, BreaksOvercommitment,
     "garantisce ciò che decide qualcun altro. Promettete solo il vostro passo: «Ho inoltrato la "
     "richiesta all'ufficio rimborsi e le scrivo entro domani con l'esito.»",
     "guarantees what someone else decides. Promise only your own step: \"I've passed your "
     "request to the refunds team and will write to you by tomorrow with their answer.\""},
};

std::string Words(const std::vector<Sentence>& sentences, const CueEvidence& e) {
  std::string out;
  const auto& tokens = sentences[e.sentence].tokens;
  for (size_t i = e.first_token; i <= e.last_token && i < tokens.size(); ++i) {
    if (!out.empty() && tokens[i].kind != TokenKind::kPunct && out.back() != '\'') out += ' ';
    out += tokens[i].form;
  }
  return out;
}

}  // namespace

CoachAdvice CoachReply(std::string_view draft, TextAnalyser& analyser) {
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  const TextAnalysis analysis = analyser.Analyse(draft, sentences, evidence);
  CoachAdvice advice;
  advice.language =
      analysis.language == TextLanguage::kEnglish ? TextLanguage::kEnglish : TextLanguage::kItalian;
  const bool it = advice.language == TextLanguage::kItalian;
  for (const Advice& a : kAdvice) {
    if (!a.breaks(analysis.cues)) continue;
    for (const CueEvidence& e : evidence) {
      if ((e.cue & RuleOf(a.rule).trigger_cues) == 0) continue;
      const std::string words = Words(sentences, e);
      advice.problems.push_back({a.rule, words, fmt::format("«{}» {}", words, it ? a.it : a.en)});
      break;  // one piece of advice per rule: the first place it shows
    }
  }
  return advice;
}

std::string CoachJson(const CoachAdvice& advice) {
  JsonWriter w(false);
  w.BeginObject().Key("lang").String(ToString(advice.language)).Key("problems").BeginArray();
  for (const CoachProblem& p : advice.problems) {
    w.BeginObject().Key("rule").String(ToString(p.rule)).Key("words").String(p.words);
    w.Key("advice").String(p.advice).EndObject();
  }
  w.EndArray().EndObject();
  return w.Take() + "\n";
}

std::string CoachText(const CoachAdvice& advice) {
  if (advice.problems.empty()) {
    return advice.language == TextLanguage::kEnglish ? "No wording problems found.\n"
                                                     : "Nessun problema di formulazione.\n";
  }
  std::string out;
  for (const CoachProblem& p : advice.problems) {
    out += fmt::format("{}: {}\n", ToString(p.rule), p.advice);
  }
  return out;
}

}  // namespace fiducia
