// The programs linked with fiducia::allocator run on jemalloc with its heap in huge pages.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#ifdef FIDUCIA_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace fiducia {
namespace {

#ifdef FIDUCIA_JEMALLOC
std::string StringOption(const char* name) {
  const char* value = nullptr;
  size_t size = sizeof(value);
  if (mallctl(name, &value, &size, nullptr, 0) != 0 || value == nullptr) return "(unreadable)";
  return value;
}
#endif

TEST(AllocatorTest, JemallocAsksForHugePagesForTheHeap) {
#ifndef FIDUCIA_JEMALLOC
  GTEST_SKIP() << "built with sanitizers: the system allocator";
#else
  if (std::getenv("MALLOC_CONF") != nullptr) GTEST_SKIP() << "MALLOC_CONF overrides the settings";
  EXPECT_EQ(StringOption("opt.thp"), "always");
  EXPECT_EQ(StringOption("opt.metadata_thp"), "always");
  // The allocations of this very test go through jemalloc: its statistics count them.
  uint64_t epoch = 1;
  size_t size = sizeof(epoch);
  ASSERT_EQ(mallctl("epoch", &epoch, &size, &epoch, size), 0);
  size_t before = 0;
  size = sizeof(before);
  ASSERT_EQ(mallctl("stats.allocated", &before, &size, nullptr, 0), 0);
  auto block = std::make_unique<char[]>(size_t{64} << 20);
  block[0] = 1;
  ASSERT_EQ(mallctl("epoch", &epoch, &size, &epoch, sizeof(epoch)), 0);
  size_t after = 0;
  size = sizeof(after);
  ASSERT_EQ(mallctl("stats.allocated", &after, &size, nullptr, 0), 0);
  EXPECT_GE(after, before + (size_t{64} << 20));
#endif
}

}  // namespace
}  // namespace fiducia
