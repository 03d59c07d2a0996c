#include "model/corpus.h"

namespace fiducia {

bool Corpus::Add(std::string_view id, Event event) {
  const size_t before = ids_.size();
  event.id = ids_.Intern(id);
  if (ids_.size() == before) {
    ++duplicates_;
    return false;
  }
  events_.push_back(std::move(event));
  return true;
}

}  // namespace fiducia
