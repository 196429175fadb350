/* Keeps tree-sitter-bicep's external scanner linear on files without
 * multi-line strings. Its multi-line string rule scans ahead to the closing
 * ''' (or the end of the file) whenever tree-sitter offers that token, which
 * tree-sitter does at many positions outside such strings: on a file with no
 * ''' at all every such call reads to the end of the file and fails, making a
 * 177 kB ALZ policy file take 0.8 s to parse. When the text holds no ''' the
 * token can never be produced, so the guard withholds it: same trees, no
 * scan to the end. Set per thread around one parse. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

void palisade_bicep_set_multiline_strings_possible(bool possible);

#ifdef __cplusplus
}
#endif
