# Writes OUT, a C++ file holding the cue lists IT and EN as strings, so that the binary carries its
# lexicons wherever it is installed. Run by the text library's build.
file(READ "${IT}" it_text)
file(READ "${EN}" en_text)
file(WRITE "${OUT}.tmp"
  "// Generated from data/lexicons by cmake/EmbedLexicons.cmake: do not edit.\n"
  "namespace fiducia {\n"
  "extern const char kItalianCueList[] = R\"FIDUCIA_LEXICON(${it_text})FIDUCIA_LEXICON\";\n"
  "extern const char kEnglishCueList[] = R\"FIDUCIA_LEXICON(${en_text})FIDUCIA_LEXICON\";\n"
  "}  // namespace fiducia\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
