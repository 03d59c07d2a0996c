#include "common/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace fiducia {
namespace {

struct Item {
  uint64_t key = 0;
  uint32_t order = 0;  // its place before sorting
};

// Large and small inputs (radix passes and the comparison sort below the threshold), narrow and
// wide keys: the result is std::stable_sort's, equal keys kept in their order.
TEST(RadixSortTest, SortsAsAStableSortDoes) {
  std::mt19937_64 random(7);
  for (const size_t size : {0u, 1u, 100u, 5000u, 200000u}) {
    for (const uint64_t range : {uint64_t{10}, uint64_t{1} << 33, ~uint64_t{0}}) {
      std::vector<Item> items(size);
      for (uint32_t i = 0; i < size; ++i) items[i] = {random() % range, i};
      std::vector<Item> expected = items;
      std::stable_sort(expected.begin(), expected.end(),
                       [](const Item& a, const Item& b) { return a.key < b.key; });
      RadixSort(items, [](const Item& item) { return item.key; });
      ASSERT_EQ(items.size(), expected.size());
      for (size_t i = 0; i < size; ++i) {
        ASSERT_EQ(items[i].key, expected[i].key) << size << " " << range << " " << i;
        ASSERT_EQ(items[i].order, expected[i].order) << size << " " << range << " " << i;
      }
    }
  }
}

}  // namespace
}  // namespace fiducia
