#include "sources/email_thread.h"

#include <utility>

namespace fiducia::mail {

uint32_t ThreadIndex::Node(std::string_view key) {
  const uint32_t node = keys_.Intern(key);
  if (node == parent_.size()) {
    parent_.push_back(node);
    size_.push_back(1);
  }
  return node;
}

uint32_t ThreadIndex::Root(uint32_t node) {
  while (parent_[node] != node) {
    parent_[node] = parent_[parent_[node]];  // path halving: later look-ups are shorter
    node = parent_[node];
  }
  return node;
}

void ThreadIndex::Join(uint32_t a, uint32_t b) {
  a = Root(a);
  b = Root(b);
  if (a == b) return;
  if (size_[a] < size_[b]) std::swap(a, b);
  parent_[b] = a;
  size_[a] += size_[b];
}

}  // namespace fiducia::mail
