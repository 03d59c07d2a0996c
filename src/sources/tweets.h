// Reader of the CSV layout of the public Customer Support on Twitter dataset (tweet_id, author_id,
// inbound, created_at, text, response_tweet_id, in_response_to_tweet_id): inbound tweets are the
// customers', the others the company's (one company per author id), threaded by reply chains.
// See docs/sources/tweets.md for how each column becomes an event.
#pragma once

#include <memory>
#include <string_view>

#include "ingest/byte_source.h"
#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeTweetsCsv(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeTweetsReader(const SourceSettings& settings);

// The reader itself, for callers that hold the bytes already (tests, the fuzz target). Replies are
// often read before the tweet they answer: such a reply waits, in memory, until its parent comes
// (or until Finish), so that every tweet of a thread gets its customer and conversation.
class TweetsReader final : public SourceReader {
 public:
  // `company`: handles the company tweets from besides the authors of its tweets in the input.
  explicit TweetsReader(const CompanyDirectory& company = {});
  ~TweetsReader() override;
  TweetsReader(const TweetsReader&) = delete;
  TweetsReader& operator=(const TweetsReader&) = delete;

  Status Read(const std::filesystem::path& path, IngestSink& sink) override;
  // One file's bytes, named by source->name() in error messages.
  Status ReadFrom(std::unique_ptr<ByteSource> source, IngestSink& sink);
  // Threads what still waits: replies to tweets that are not in the input, loops of replies.
  Status Finish(IngestSink& sink) override;

 private:
  class Threads;
  std::unique_ptr<Threads> threads_;
};

}  // namespace fiducia
