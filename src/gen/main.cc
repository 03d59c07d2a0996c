// fiducia-gen: a synthetic corpus for scale tests and recall at scale (src/gen/generator.h).
//   fiducia-gen --messages 1000000 --seed 7 -o corpus.jsonl --labels labels.jsonl
//               [--whatsapp DIR] [--mbox FILE] [--company-toml FILE] [--defect-scale X]
//   fiducia-gen recall --labels labels.jsonl --audit audit.json
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <vector>

#include "gen/recall.h"
#include "gen/writers.h"

namespace {

using fiducia::Status;
using namespace fiducia::gen;

struct Args {
  GenOptions gen;
  std::string output, labels, whatsapp, mbox, company_toml;
  std::string recall_labels, recall_audit;
};

int Fail(const Status& status) {
  fmt::print(stderr, "fiducia-gen: {}\n", status.message());
  return 4;
}

Status Add(const std::string& path, std::vector<std::unique_ptr<GenOutput>>& outputs, bool labels) {
  auto file = OutFile::Open(path);
  if (!file.ok()) return file.status();
  if (labels) {
    outputs.push_back(std::make_unique<LabelOutput>(std::move(*file)));
  } else {
    outputs.push_back(std::make_unique<JsonlOutput>(std::move(*file)));
  }
  return Status::Ok();
}

int Generate(const Args& args) {
  std::vector<std::unique_ptr<GenOutput>> outputs;
  for (auto [path, labels] : {std::pair{args.output, false}, std::pair{args.labels, true}}) {
    if (path.empty()) continue;
    if (Status s = Add(path, outputs, labels); !s.ok()) return Fail(s);
  }
  if (!args.whatsapp.empty()) outputs.push_back(std::make_unique<WhatsappOutput>(args.whatsapp));
  if (!args.mbox.empty()) {
    auto file = OutFile::Open(args.mbox);
    if (!file.ok()) return Fail(file.status());
    outputs.push_back(std::make_unique<MboxOutput>(std::move(*file)));
  }
  if (!args.company_toml.empty()) {
    auto file = OutFile::Open(args.company_toml);
    if (!file.ok()) return Fail(file.status());
    (*file)->Write(CompanyToml());
    if (Status s = (*file)->Close(); !s.ok()) return Fail(s);
  }
  std::vector<GenOutput*> raw;
  for (auto& o : outputs) raw.push_back(o.get());
  auto summary = fiducia::gen::Generate(args.gen, raw);
  if (!summary.ok()) return Fail(summary.status());
  fmt::print("{}\n", summary->ToJson());
  return 0;
}

int Recall(const Args& args) {
  auto report = ComputeRecall(args.recall_labels, args.recall_audit);
  if (!report.ok()) return Fail(report.status());
  fmt::print("{}", report->ToText());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "fiducia-gen: a synthetic Italian and English customer-service corpus, deterministic by "
      "seed, with every rule's defects planted and labelled",
      "fiducia-gen"};
  // The version the package and its man page (help2man) show; the same as fiducia's.
  app.set_version_flag("--version", "fiducia-gen 0.1.0");
  Args args;
  app.add_option("--messages,-n", args.gen.messages, "Message events to make (at least)")
      ->capture_default_str();
  app.add_option("--seed", args.gen.seed, "Seed: the same seed, the same corpus")
      ->capture_default_str();
  app.add_option("--defect-scale", args.gen.defect_scale, "Multiplies every defect rate")
      ->capture_default_str();
  app.add_option("-o,--output", args.output, "Canonical events, JSON Lines");
  app.add_option("--labels", args.labels, "Planted defects, JSON Lines (rule, customer, anchor)");
  app.add_option("--whatsapp", args.whatsapp, "Folder for WhatsApp chat exports (.txt)");
  app.add_option("--mbox", args.mbox, "mbox file for the e-mails");
  app.add_option("--company-toml", args.company_toml,
                 "Config naming the company, for reading the exports");
  auto* recall = app.add_subcommand("recall", "Recall of the planted defects in an audit");
  recall->add_option("--labels", args.recall_labels, "The label file")->required();
  recall->add_option("--audit", args.recall_audit, "fiducia audit --json output")->required();
  CLI11_PARSE(app, argc, argv);
  return recall->parsed() ? Recall(args) : Generate(args);
}
