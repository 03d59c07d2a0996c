// Where a generated corpus is written: canonical JSON Lines (../shared/spec/events.md), the label
// file, WhatsApp chat exports (one Android-style .txt per customer) and one mbox of the e-mails —
// the last two for the export readers, with the company told by a config (CompanyToml()).
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "gen/generator.h"

namespace fiducia::gen {

// A file written through a large buffer; errors are kept and returned by Close().
class OutFile {
 public:
  static Result<std::unique_ptr<OutFile>> Open(const std::filesystem::path& path);
  ~OutFile();
  void Write(std::string_view bytes);
  Status Close();

 private:
  OutFile(std::FILE* f, std::string name) : file_(f), name_(std::move(name)) {}
  std::FILE* file_;
  std::string name_;
  std::string buffer_;
};

// One canonical event as a JSON line (with its newline).
std::string EventJsonLine(const GenCustomer& customer, const GenEvent& event);

// The label file: one JSON object a line, {"rule":…,"customer":…,"anchor":…}.
std::string LabelJsonLine(const Label& label);

class JsonlOutput final : public GenOutput {
 public:
  explicit JsonlOutput(std::unique_ptr<OutFile> file) : file_(std::move(file)) {}
  Status Customer(const GenCustomer& customer) override;
  Status Finish() override { return file_->Close(); }

 private:
  std::unique_ptr<OutFile> file_;
  std::string line_;
};

class LabelOutput final : public GenOutput {
 public:
  explicit LabelOutput(std::unique_ptr<OutFile> file) : file_(std::move(file)) {}
  Status Customer(const GenCustomer&) override { return Status::Ok(); }
  Status Planted(const Label& label) override;
  Status Finish() override { return file_->Close(); }

 private:
  std::unique_ptr<OutFile> file_;
};

// WhatsApp chats under `dir`, 1000 a folder: "<dir>/<n>/WhatsApp Chat with +39….txt".
class WhatsappOutput final : public GenOutput {
 public:
  explicit WhatsappOutput(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Status Customer(const GenCustomer& customer) override;

 private:
  std::filesystem::path dir_;
  uint64_t chats_ = 0;
};

// Every e-mail of the corpus in one mbox, threaded by Message-ID and In-Reply-To.
class MboxOutput final : public GenOutput {
 public:
  explicit MboxOutput(std::unique_ptr<OutFile> file) : file_(std::move(file)) {}
  Status Customer(const GenCustomer& customer) override;
  Status Finish() override { return file_->Close(); }

 private:
  std::unique_ptr<OutFile> file_;
};

// The WhatsApp lines of one customer's chat; empty when they never wrote there or the company
// never answered there (a reader cannot tell such a chat from a private one). For tests.
std::string WhatsappChat(const GenCustomer& customer);
// The company's names and domains as a fiducia config, for reading the exports.
std::string CompanyToml();

}  // namespace fiducia::gen
