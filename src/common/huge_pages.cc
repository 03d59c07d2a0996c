#include "common/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace fiducia {

void AdviseHugePages(const void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (data == nullptr || bytes < 2 * kHuge) return;
  const auto start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t from = (start + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t to = (start + bytes) & ~(kHuge - 1);
#ifdef MADV_HUGEPAGE
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the page-aligned address inside the allocation
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#endif
}

}  // namespace fiducia
