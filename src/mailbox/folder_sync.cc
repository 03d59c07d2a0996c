#include "mailbox/folder_sync.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

namespace fiducia {
namespace {

std::optional<FolderPosition> ParsePosition(std::string_view text) {
  FolderPosition p;
  const char* end = text.data() + text.size();
  auto [mid, e1] = std::from_chars(text.data(), end, p.uid_validity);
  if (e1 != std::errc() || mid == end || *mid != ' ') return std::nullopt;
  auto [last, e2] = std::from_chars(mid + 1, end, p.last_uid);
  if (e2 != std::errc() || last != end) return std::nullopt;
  return p;
}

}  // namespace

FolderSync::FolderSync(std::string workspace, std::string key, std::string folder,
                       const MailEvents& reader, EventStore& store, DeliverEvents deliver)
    : workspace_(std::move(workspace)),
      key_(std::move(key)),
      folder_(std::move(folder)),
      reader_(reader),
      store_(store),
      deliver_(std::move(deliver)) {}

Result<FolderPosition> FolderSync::Position() const {
  auto saved = store_.LoadSyncState(workspace_, key_);
  if (!saved.ok()) return saved.status();
  if (!*saved) return FolderPosition{};
  // A value this code did not write reads the folder again: duplicates are harmless.
  return ParsePosition(**saved).value_or(FolderPosition{});
}

Status FolderSync::Save(const FolderPosition& position) {
  return store_.SaveSyncState(workspace_, key_,
                              fmt::format("{} {}", position.uid_validity, position.last_uid));
}

Result<SyncCounts> FolderSync::Sync(ImapClient& client, const std::function<bool()>& stop) {
  auto position = Position();
  if (!position.ok()) return position.status();
  auto folder = client.Examine(folder_);
  if (!folder.ok()) return folder.status();
  if (folder->uid_validity != position->uid_validity) {
    *position = {folder->uid_validity, 0};  // a new or rebuilt folder: read it from the start
  }
  auto uids = client.UidsAfter(position->last_uid);
  if (!uids.ok()) return uids.status();
  SyncCounts counts;
  std::vector<std::string> lines;
  for (size_t start = 0; start < uids->size(); start += kBatch) {
    if (stop && stop()) break;
    const size_t end = std::min(uids->size(), start + kBatch);
    lines.clear();
    for (size_t i = start; i < end; ++i) {
      const uint32_t uid = (*uids)[i];
      auto bytes = client.Fetch(uid, kMaxMessageBytes);
      if (!bytes.ok() && bytes.status().code() == StatusCode::kNotFound) continue;  // expunged
      if (!bytes.ok()) return bytes.status();
      ++counts.messages;
      auto events = reader_.Read(*bytes, fmt::format("{}/{}", folder_, uid));
      if (!events.ok() || events->empty()) {
        counts.unreadable += events.ok() ? 0 : 1;
        continue;
      }
      for (std::string& line : *events) lines.push_back(std::move(line));
    }
    if (!lines.empty()) {
      auto added = deliver_(workspace_, lines);
      if (!added.ok() && added.status().code() != StatusCode::kInvalidInput) {
        return added.status();
      }
      counts.events += lines.size();
      if (added.ok()) {
        counts.new_events += *added;
      } else {
        counts.unreadable += end - start;
      }
    }
    position->last_uid = (*uids)[end - 1];
    if (Status s = Save(*position); !s.ok()) return s;
  }
  if (uids->empty() && position->last_uid == 0) {
    if (Status s = Save(*position); !s.ok()) return s;  // the folder's UIDVALIDITY, kept
  }
  return counts;
}

}  // namespace fiducia
