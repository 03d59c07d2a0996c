// A stable sort by an unsigned integer key, for millions of items whose order is a number (times,
// ranks): least-significant digit first, 11 bits a pass (the counts stay in L1, a pass streams the
// items once), as many passes as the largest key needs. No comparison reads anything at random.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/huge_pages.h"

namespace fiducia {

// Sorts `items` by key(item) (convertible to uint64_t), keeping the order of equal keys.
template <class T, class KeyOf>
void RadixSort(std::vector<T>& items, KeyOf key) {
  constexpr size_t kWorthRadix = size_t{1} << 12;  // below: a comparison sort is faster
  if (items.size() < kWorthRadix) {
    std::stable_sort(items.begin(), items.end(), [&key](const T& a, const T& b) {
      return static_cast<uint64_t>(key(a)) < static_cast<uint64_t>(key(b));
    });
    return;
  }
  uint64_t highest = 0;
  for (const T& item : items) highest = std::max<uint64_t>(highest, key(item));
  constexpr unsigned kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<T> other;
  ReserveHuge(other, items.size());
  other.resize(items.size());
  for (unsigned shift = 0; shift < 64 && (highest >> shift) != 0; shift += kBits) {
    auto digit = [&](const T& item) {
      return (static_cast<uint64_t>(key(item)) >> shift) & (kBuckets - 1);
    };
    std::array<size_t, kBuckets> start{};
    for (const T& item : items) ++start[digit(item)];
    size_t at = 0;
    for (size_t& s : start) at += std::exchange(s, at);
    for (T& item : items) other[start[digit(item)]++] = std::move(item);
    items.swap(other);
  }
}

}  // namespace fiducia
