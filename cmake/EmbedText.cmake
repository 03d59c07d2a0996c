# Writes OUT, a C++ file holding the text of IN as `extern const char NAME[]`, so that the binary
# carries it (fiducia serve's web page). The text must not contain )FIDUCIA_TEXT".
file(READ "${IN}" text)
file(WRITE "${OUT}.tmp"
  "// Generated from ${IN} by cmake/EmbedText.cmake: do not edit.\n"
  "namespace fiducia {\n"
  "extern const char ${NAME}[] = R\"FIDUCIA_TEXT(${text})FIDUCIA_TEXT\";\n"
  "}  // namespace fiducia\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
