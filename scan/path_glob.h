// Path globs for configuration files: `*` (any characters but '/'), `**`
// (any number of folders), `?` (one character but '/'), `[abc]`/`[!a-z]`
// (one character of a set). A glob matches a '/'-separated relative path or
// any folder above it, so `legacy/` and `legacy/**` both cover everything
// under legacy; a glob without '/' matches at any depth, as in .gitignore.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palisade {

// The glob's own syntax is valid (brackets closed); an error message otherwise.
std::string globSyntaxError(std::string_view glob);

// True when `glob` matches `path` or one of the folders holding it.
bool globMatchesPath(std::string_view glob, std::string_view path);

bool anyGlobMatches(const std::vector<std::string>& globs, std::string_view path);

}  // namespace palisade
