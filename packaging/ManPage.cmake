# Writes OUT, the gzipped man page of PROGRAM (the built fiducia or fiducia-gen) or of one of its
# subcommands (SUBCOMMAND, e.g. audit: the page fiducia-audit), made by help2man from the --help
# text, so the pages say what the binary says. SEE_ALSO: the other pages, e.g. "fiducia(1)".
# Run by packaging/CMakeLists.txt at build time.
get_filename_component(out_dir "${OUT}" DIRECTORY)
get_filename_component(program_name "${PROGRAM}" NAME)
set(work "${out_dir}/work")
file(MAKE_DIRECTORY "${work}")
if(SUBCOMMAND)
  # help2man runs a program with --help: a wrapper named fiducia-SUBCOMMAND runs the subcommand,
  # and gives the page its name (as git's pages are git-commit).
  set(page "${program_name}-${SUBCOMMAND}")
  file(WRITE "${work}/${page}" "#!/bin/sh\nexec '${PROGRAM}' ${SUBCOMMAND} \"$@\"\n")
  file(CHMOD "${work}/${page}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
       GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(command "${work}/${page}")
else()
  set(page "${program_name}")
  set(command "${PROGRAM}")
endif()
# The NAME line: the first line of the help, without the program's own name in front.
execute_process(COMMAND "${command}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${command} --help failed (${rc})")
endif()
string(REGEX MATCH "^[^\n]*" summary "${help}")
string(REGEX REPLACE "^${program_name}[:— -]+" "" summary "${summary}")
string(REGEX REPLACE "\\.$" "" summary "${summary}")
execute_process(COMMAND "${PROGRAM}" --version OUTPUT_VARIABLE version RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --version failed (${rc})")
endif()
string(REGEX MATCH "[0-9][0-9.]*" version "${version}")
set(include "${work}/${page}.h2m")
set(see_also "")
foreach(ref IN LISTS SEE_ALSO)
  string(REGEX REPLACE "^(.*)\\(([0-9])\\)$" ".BR \\1 (\\2)" ref "${ref}")
  string(APPEND see_also "${ref},\n")
endforeach()
string(REGEX REPLACE ",\n$" "\n" see_also "${see_also}")
file(WRITE "${include}" "[SEE ALSO]\n${see_also}")
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 --locale=C.UTF-8
          "--name=${summary}"
          "--version-string=${version}" "--include=${include}" "--output=${work}/${page}.1"
          "${command}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed on ${page} (${rc})")
endif()
# -n: no name or time stamp in the gzip header, so the same text gives the same bytes.
execute_process(COMMAND gzip -9nf "${work}/${page}.1" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${page}.1")
endif()
file(RENAME "${work}/${page}.1.gz" "${OUT}")
