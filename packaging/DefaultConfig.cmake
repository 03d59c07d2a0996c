# Writes OUT, the /etc/fiducia/fiducia.toml the package installs: `fiducia config
# --print-defaults` with every key commented out, so that the file says what each default is
# while a later version's defaults still reach a user who has not changed them (a conffile a
# user edited is kept on upgrade). Run by packaging/CMakeLists.txt at build time.
execute_process(COMMAND "${FIDUCIA}" config --print-defaults OUTPUT_VARIABLE defaults
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FIDUCIA} config --print-defaults failed (${rc})")
endif()
# A key line: `name = value` at the start of a line (comments and [tables] stay as they are).
string(REGEX REPLACE "(^|\n)([A-Za-z0-9_\"-]+ = )" "\\1# \\2" commented "${defaults}")
file(WRITE "${OUT}.tmp"
  "# /etc/fiducia/fiducia.toml: the configuration of the fiducia service (fiducia serve).\n"
  "# Each key below is commented out and shows its default; uncomment and edit the keys to\n"
  "# change. Check the file with `fiducia config --check /etc/fiducia/fiducia.toml`, then\n"
  "# `systemctl restart fiducia`. The listen address and the database are in\n"
  "# /etc/default/fiducia. This file may hold webhook secrets: it is readable by root and the\n"
  "# fiducia group only.\n"
  "#\n"
  "${commented}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
