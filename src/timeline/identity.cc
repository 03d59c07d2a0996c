#include "timeline/identity.h"

#include <numeric>
#include <utility>

namespace fiducia {

IdentityJoin::IdentityJoin(size_t symbol_count) : parent_(symbol_count), rank_(symbol_count, 0) {
  std::iota(parent_.begin(), parent_.end(), Symbol{0});
}

Symbol IdentityJoin::PersonOf(Symbol handle) {
  Symbol root = handle;
  while (parent_[root] != root) root = parent_[root];
  while (parent_[handle] != root)
    handle = std::exchange(parent_[handle], root);  // path compression
  return root;
}

void IdentityJoin::Join(Symbol a, Symbol b) {
  a = PersonOf(a);
  b = PersonOf(b);
  if (a == b) return;
  if (rank_[a] < rank_[b]) std::swap(a, b);
  parent_[b] = a;
  if (rank_[a] == rank_[b]) ++rank_[a];
}

}  // namespace fiducia
