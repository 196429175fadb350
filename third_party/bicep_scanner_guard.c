#include "bicep_scanner_guard.h"

#include <tree_sitter/parser.h>

/* scanner.c's own function, renamed by the build (see CMakeLists.txt). */
bool palisade_bicep_upstream_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols);

/* The order of the grammar's `externals`: _external_asterisk, _multiline_string_content. */
enum { EXTERNAL_ASTERISK, MULTILINE_STRING_CONTENT };

static _Thread_local bool multiline_strings_possible = true;

void palisade_bicep_set_multiline_strings_possible(bool possible) { multiline_strings_possible = possible; }

bool tree_sitter_bicep_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  if (!multiline_strings_possible && valid_symbols[MULTILINE_STRING_CONTENT]) {
    const bool without_multiline[2] = {valid_symbols[EXTERNAL_ASTERISK], false};
    return palisade_bicep_upstream_scanner_scan(payload, lexer, without_multiline);
  }
  return palisade_bicep_upstream_scanner_scan(payload, lexer, valid_symbols);
}
