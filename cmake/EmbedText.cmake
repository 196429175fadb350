# Writes a C++ source defining `std::string_view FUNCTION()` that returns the
# text of INPUT: assets (the HTML report's style sheet and script) stay files
# a person edits as CSS and JavaScript, and are still compiled into the binary.
# Usage: cmake -DINPUT=file -DOUTPUT=file.cpp -DFUNCTION=name -DHEADER=path/to/header.h -P EmbedText.cmake
file(READ "${INPUT}" text)
set(delimiter "palisade_asset")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace palisade {\n\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";\n"
  "  return text;\n"
  "}\n\n"
  "}  // namespace palisade\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
