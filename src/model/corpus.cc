#include "model/corpus.h"

#include <algorithm>

namespace fiducia {

bool Corpus::Add(HashedName id, Event event, std::string_view text, std::span<const Fact> facts) {
  const size_t before = ids_.size();
  event.id = ids_.Intern(id);
  if (ids_.size() == before) {
    ++duplicates_;
    return false;
  }
  if (!text.empty()) texts_.emplace_back(static_cast<uint32_t>(events_.size()), text);
  const size_t kept = std::min<size_t>(facts.size(), UINT16_MAX);
  event.first_fact = static_cast<uint32_t>(facts_.size());
  event.fact_count = static_cast<uint16_t>(kept);
  facts_.insert(facts_.end(), facts.begin(), facts.begin() + static_cast<ptrdiff_t>(kept));
  events_.push_back(std::move(event));
  return true;
}

std::string_view Corpus::TextOf(size_t index) const {
  auto it = std::lower_bound(texts_.begin(), texts_.end(), index,
                             [](const auto& kept, size_t i) { return kept.first < i; });
  return it != texts_.end() && it->first == index ? std::string_view(it->second) : "";
}

}  // namespace fiducia
