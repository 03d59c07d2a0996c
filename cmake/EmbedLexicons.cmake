# Writes OUT, a C++ file holding the cue lists IT and EN as strings, so that the binary carries its
# lexicons wherever it is installed. Run by the text library's build. IT_NAME/EN_NAME name the
# strings (default: the cue lists); the fact words of data/facts are embedded the same way.
if(NOT IT_NAME)
  set(IT_NAME kItalianCueList)
endif()
if(NOT EN_NAME)
  set(EN_NAME kEnglishCueList)
endif()
file(READ "${IT}" it_text)
file(READ "${EN}" en_text)
file(WRITE "${OUT}.tmp"
  "// Generated from data/lexicons by cmake/EmbedLexicons.cmake: do not edit.\n"
  "namespace fiducia {\n"
  "extern const char ${IT_NAME}[] = R\"FIDUCIA_LEXICON(${it_text})FIDUCIA_LEXICON\";\n"
  "extern const char ${EN_NAME}[] = R\"FIDUCIA_LEXICON(${en_text})FIDUCIA_LEXICON\";\n"
  "}  // namespace fiducia\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
