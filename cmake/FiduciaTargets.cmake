# Helpers that give every fiducia target the same warnings, sanitizers and test wiring.
# Warnings (and -Werror) apply to the project's own code only, never to third-party headers.

set(FIDUCIA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict on std::string operations inlined at -O2/-O3 that cannot overlap
  # (GCC bug 105329); with -Werror it would break Release builds of correct code.
  list(APPEND FIDUCIA_WARNINGS -Wno-restrict)
endif()

if(FIDUCIA_SANITIZE)
  string(REPLACE ";" "," _fiducia_san "${FIDUCIA_SANITIZE}")
  add_compile_options(-fsanitize=${_fiducia_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_fiducia_san})
endif()

function(fiducia_setup target)
  target_compile_options(${target} PRIVATE ${FIDUCIA_WARNINGS})
  if(FIDUCIA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# fiducia_library(NAME SOURCES... DEPS ...): one library per subsystem folder.
function(fiducia_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(fiducia_${name} STATIC ${ARG_SOURCES})
  add_library(fiducia::${name} ALIAS fiducia_${name})
  target_include_directories(fiducia_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(fiducia_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  fiducia_setup(fiducia_${name})
endfunction()

# fiducia_test(NAME SOURCES... DEPS ...): a GoogleTest executable registered with ctest.
function(fiducia_test name)
  if(NOT FIDUCIA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
      FIDUCIA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      FIDUCIA_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  fiducia_setup(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
