// Precision and recall of the text pass on the labelled development set (data/devset): per
// wording rule and customer label, per language, and per cue class.
//   ./build/release/bin/wording_eval data/devset/wording.jsonl
#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/wording.h"
#include "text/analyser.h"

namespace {

using fiducia::Cue;

struct Example {
  std::string id, lang, role, text;
  std::set<std::string> labels, cues;
};

struct Tally {
  int tp = 0, fp = 0, fn = 0;
  void Add(bool truth, bool predicted) {
    tp += truth && predicted;
    fp += !truth && predicted;
    fn += truth && !predicted;
  }
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
};

std::set<std::string> Strings(simdjson::dom::element array) {
  std::set<std::string> out;
  for (auto v : array.get_array()) out.emplace(std::string_view(v.get_string()));
  return out;
}

std::vector<Example> Load(const char* path) {
  simdjson::dom::parser parser;
  std::vector<Example> out;
  simdjson::dom::document_stream docs;
  if (parser.load_many(path).get(docs)) return out;
  for (auto doc : docs) {
    Example e;
    e.id = std::string(std::string_view(doc["id"].get_string()));
    e.lang = std::string(std::string_view(doc["lang"].get_string()));
    e.role = std::string(std::string_view(doc["role"].get_string()));
    e.text = std::string(std::string_view(doc["text"].get_string()));
    e.labels = Strings(doc["labels"]);
    e.cues = Strings(doc["cues"]);
    out.push_back(std::move(e));
  }
  return out;
}

// The rules and labels the set carries, with the predicate fiducia uses for each.
struct Judged {
  const char* name;
  const char* role;
  bool (*predicate)(uint32_t);
};
constexpr Judged kJudged[] = {
    {"apology_wording", "agent", fiducia::BreaksApologyWording},
    {"blame_shifting", "agent", fiducia::BreaksBlameShifting},
    {"refusal_without_alternative", "agent", fiducia::BreaksRefusalWithoutAlternative},
    {"overcommitment", "agent", fiducia::BreaksOvercommitment},
    {"reminder", "customer", [](uint32_t c) { return (c & fiducia::kCueReminder) != 0; }},
    {"threat", "customer", [](uint32_t c) { return (c & fiducia::kCueThreat) != 0; }},
    {"hostility", "customer", [](uint32_t c) { return (c & fiducia::kCueHostility) != 0; }},
    {"disservice", "customer", [](uint32_t c) { return (c & fiducia::kCueDisservice) != 0; }},
};

void PrintRow(const std::string& name, const Tally& all, const Tally& it, const Tally& en) {
  fmt::print("  {:<30} P {:.2f} R {:.2f}   it P {:.2f} R {:.2f}   en P {:.2f} R {:.2f}\n", name,
             all.Precision(), all.Recall(), it.Precision(), it.Recall(), en.Precision(),
             en.Recall());
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "data/devset/wording.jsonl";
  const std::vector<Example> examples = Load(path);
  if (examples.empty()) {
    fmt::print(stderr, "wording_eval: no examples read from {}\n", path);
    return 1;
  }
  fiducia::TextAnalyser analyser;
  std::map<std::string, Tally> rules, rules_it, rules_en, cues;
  bool show_errors = argc > 2 && std::string_view(argv[2]) == "--errors";
  for (const Example& e : examples) {
    const uint32_t found = analyser.Analyse(e.text).cues;
    for (const Judged& j : kJudged) {
      if (e.role != j.role) continue;
      const bool truth = e.labels.count(j.name) > 0, predicted = j.predicate(found);
      rules[j.name].Add(truth, predicted);
      (e.lang == "it" ? rules_it : rules_en)[j.name].Add(truth, predicted);
      if (show_errors && truth != predicted) {
        fmt::print("{} {} {}: {}\n", truth ? "MISSED" : "FALSE ", j.name, e.id, e.text);
      }
    }
    for (int bit = 0; bit < fiducia::kCueClassCount; ++bit) {
      const auto cue = static_cast<Cue>(1u << bit);
      const std::string name(fiducia::ToString(cue));
      if (cue == fiducia::kCueClosing || cue == fiducia::kCueIdiom) continue;
      if (cue == fiducia::kCueApproved || cue == fiducia::kCueRefused) continue;
      cues[name].Add(e.cues.count(name) > 0, (found & cue) != 0);
    }
    // The set labels a decision without its sign: either of approved and refused.
    {
      constexpr uint32_t kDecision = fiducia::kCueApproved | fiducia::kCueRefused;
      cues["decision"].Add(e.cues.count("decision") > 0, (found & kDecision) != 0);
    }
  }
  fmt::print("{} messages from {}\n\nRules and customer labels\n", examples.size(), path);
  for (const Judged& j : kJudged)
    PrintRow(j.name, rules[j.name], rules_it[j.name], rules_en[j.name]);
  fmt::print("\nCue classes (all messages)\n");
  for (const auto& [name, t] : cues) {
    fmt::print("  {:<30} P {:.2f} R {:.2f}  (tp {} fp {} fn {})\n", name, t.Precision(), t.Recall(),
               t.tp, t.fp, t.fn);
  }
  return 0;
}
