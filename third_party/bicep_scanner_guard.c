/* Keeps tree-sitter-bicep's external scanner linear. Its multi-line string
 * rule reads ahead to the closing ''' (or the end of the file) whenever
 * tree-sitter offers that token, and tree-sitter offers it at many positions
 * outside any such string, together with the `*` object key: each of those
 * calls read to the next ''' or the end of the file and failed, so a 177 kB
 * ALZ policy file took 0.8 s to parse. */
#include <tree_sitter/parser.h>

/* scanner.c's own function, renamed by the build (see CMakeLists.txt). */
bool palisade_bicep_upstream_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols);

/* The order of the grammar's `externals`: _external_asterisk, _multiline_string_content. */
enum { EXTERNAL_ASTERISK, MULTILINE_STRING_CONTENT };

bool tree_sitter_bicep_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  /* Right after an opening ''' the content is the only external token the
   * grammar allows. Offered together with `*`, it is not a string's content:
   * withhold it rather than read to the next '''. */
  if (valid_symbols[MULTILINE_STRING_CONTENT] && valid_symbols[EXTERNAL_ASTERISK]) {
    const bool without_multiline[2] = {true, false};
    return palisade_bicep_upstream_scanner_scan(payload, lexer, without_multiline);
  }
  return palisade_bicep_upstream_scanner_scan(payload, lexer, valid_symbols);
}
