// Reading one IMAP folder into the live service from where the last reading stopped. The store
// keeps, per workspace, "UIDVALIDITY LAST-UID" under the folder's key; new messages are read in
// UID order, a batch at a time: the batch's events are handed on (made durable, idempotent on
// their ids, which are the Message-IDs), and only then is the batch's last UID saved. A server
// killed in between reads the batch again on restart and the store keeps each event once: nothing
// is lost and nothing doubled. A changed UIDVALIDITY (the folder was rebuilt) reads it all again,
// on the same terms.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "mailbox/imap_client.h"
#include "mailbox/mail_events.h"
#include "store/event_store.h"

namespace fiducia {

// Hands canonical event lines to the live service (Service::Ingest); how many were new. An
// InvalidInput means the events were refused (the batch is skipped, not retried); any other error
// stops the reading, to be retried.
using DeliverEvents = std::function<Result<size_t>(const std::string& workspace,
                                                   const std::vector<std::string>& lines)>;

struct FolderPosition {
  uint32_t uid_validity = 0;
  uint32_t last_uid = 0;
};

struct SyncCounts {
  uint64_t messages = 0;    // messages read
  uint64_t events = 0;      // events handed on
  uint64_t new_events = 0;  // of which the store did not hold yet
  uint64_t unreadable = 0;  // messages that gave no event (no sender, no date) or were refused
};

class FolderSync {
 public:
  // `key` names the folder in the store ("imap:user@host:port/INBOX").
  FolderSync(std::string workspace, std::string key, std::string folder, const MailEvents& reader,
             EventStore& store, DeliverEvents deliver);

  // Reads every message of the folder past the saved position; `client` is logged in. Between
  // batches `stop` is asked whether to end early (the position saved so far stands).
  Result<SyncCounts> Sync(ImapClient& client, const std::function<bool()>& stop = {});
  Result<FolderPosition> Position() const;
  const std::string& folder() const { return folder_; }

  static constexpr size_t kBatch = 50;                          // messages per saved position
  static constexpr size_t kMaxMessageBytes = size_t{16} << 20;  // read of one message

 private:
  Status Save(const FolderPosition& position);

  std::string workspace_, key_, folder_;
  const MailEvents& reader_;
  EventStore& store_;
  DeliverEvents deliver_;
};

}  // namespace fiducia
