// `fiducia audit` as a library call: read the inputs, build every customer's timeline, run every
// rule once per customer at `as_of` (customers in parallel on all cores), and gather the findings
// in a deterministic order.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_policy.h"
#include "common/clock.h"
#include "common/status.h"
#include "ingest/ingest.h"
#include "model/corpus.h"
#include "rules/finding.h"
#include "rules/request_grid.h"
#include "rules/team_rules.h"
#include "rules/timing.h"
#include "rules/trust_rules.h"
#include "sources/format.h"
#include "timeline/timeline.h"

namespace fiducia {

struct AuditOptions {
  std::vector<std::string> inputs;
  std::optional<Instant> as_of;        // default: the latest event
  std::optional<SourceFormat> format;  // default: told from each file's content
  bool strict = false;
  bool keep_text = false;    // keep message texts in the corpus (fiducia import)
  unsigned threads = 0;      // 0: one per core (the text pass and the judgement)
  bool timing_only = false;  // judge the timing rules only (fiducia audit --rules timing)
  std::function<void(const InputError&)> on_error;
};

struct AuditResult {
  Corpus corpus;
  IngestReport ingest;
  Timelines timelines;
  Instant as_of;
  std::vector<Finding> findings;         // by anchor time, then rule, then anchor id
  std::vector<RequestOutcome> requests;  // by anchor time, then anchor id
  std::vector<RequestGrid> grid;         // parallel to `requests`: the REASONABLE/POSSIBLE class
  TrustTally trust;                      // corrections, promises kept, broken, pending
  std::vector<AgentDay> agent_days;      // the per-agent daily load, by agent then day
  uint64_t messages = 0;                 // message events judged (at or before as_of)
  std::array<uint64_t, kChannelCount> inbound{};  // of those, inbound per channel
};

// Reads every input into `result` (no judgement): what `fiducia import` needs.
Status ReadAuditInputs(const AuditOptions& options, const AuditPolicy& policy, AuditResult& result);

// An error when an input cannot be read (NotFound/IoError) or, under `strict`, is bad
// (InvalidInput). Bad records otherwise are skipped and listed in `ingest`.
Result<std::unique_ptr<AuditResult>> RunAudit(const AuditOptions& options,
                                              const AuditPolicy& policy);

// The same judgement over events already in `result->corpus` (used by RunAudit, the server and
// tests); what an earlier judgement left in `result` is replaced.
void JudgeCorpus(const AuditPolicy& policy, std::optional<Instant> as_of, unsigned threads,
                 AuditResult& result, bool timing_only = false);

}  // namespace fiducia
