// jemalloc's settings, compiled into each fiducia program that links fiducia::allocator (see
// src/common/CMakeLists.txt). jemalloc reads them at its first allocation; MALLOC_CONF in the
// environment still overrides them (MALLOC_CONF=thp:default gives the system's default back).
//
// thp:always: jemalloc asks for 2 MiB transparent huge pages for the heap it maps (Debian's THP
// mode is "madvise": a program must ask). An audit builds hundreds of megabytes of small vectors,
// one a customer, case or finding; on a virtual machine the first touch of each 4 KiB page is a
// costly fault. Measured in docs/performance.md (run 8).
#include <jemalloc/jemalloc.h>

extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's documented hook
const char* malloc_conf = "thp:always,metadata_thp:always";
}
