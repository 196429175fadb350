#include "parsers/helm/helm_function_names.h"

#include <algorithm>
#include <array>

namespace palisade::helm {

bool isHelmFunctionName(std::string_view name) {
  // Go's text/template built-ins.
  static const std::array<std::string_view, 19> kGo = {
      "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
      "eq", "ge", "gt", "le", "lt", "ne"};
  // Helm's own (pkg/engine funcMap) and the Sprig functions it keeps.
  static const std::array<std::string_view, 16> kHelm = {
      "include", "tpl", "required", "lookup", "toYaml", "mustToYaml", "toYamlPretty", "fromYaml", "fromYamlArray",
      "toJson", "mustToJson", "fromJson", "fromJsonArray", "toToml", "fromToml", "fail"};
  // Sprig v3 (masterminds.github.io/sprig), by its documentation's sections, without
  // env and expandenv, which Helm removes.
  static const std::array<std::string_view, 203> kSprig = {
      // strings
      "trim", "trimAll", "trimall", "trimPrefix", "trimSuffix", "upper", "lower", "title", "untitle", "repeat",
      "substr", "nospace", "trunc", "abbrev", "abbrevboth", "initials", "randAlphaNum", "randAlpha", "randNumeric",
      "randAscii", "wrap", "wrapWith", "contains", "hasPrefix", "hasSuffix", "quote", "squote", "cat", "indent",
      "nindent", "replace", "plural", "snakecase", "camelcase", "kebabcase", "swapcase", "shuffle", "toString",
      "toStrings", "join", "splitList", "split", "splitn", "sortAlpha", "hello",
      // regular expressions
      "regexMatch", "mustRegexMatch", "regexFindAll", "mustRegexFindAll", "regexFind", "mustRegexFind",
      "regexReplaceAll", "mustRegexReplaceAll", "regexReplaceAllLiteral", "mustRegexReplaceAllLiteral", "regexSplit",
      "mustRegexSplit", "regexQuoteMeta",
      // hashes, encodings, crypto
      "sha1sum", "sha256sum", "adler32sum", "b64enc", "b64dec", "b32enc", "b32dec", "genPrivateKey", "derivePassword",
      "buildCustomCert", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
      "genSignedCertWithKey", "encryptAES", "decryptAES", "htpasswd", "randBytes", "bcrypt", "randInt", "uuidv4",
      // conversions and math
      "atoi", "int", "int64", "float64", "toDecimal", "add", "add1", "sub", "div", "mod", "mul", "max", "min",
      "biggest", "floor", "ceil", "round", "addf", "add1f", "subf", "divf", "mulf", "maxf", "minf", "seq", "until",
      "untilStep",
      // dates
      "now", "ago", "date", "dateInZone", "date_in_zone", "duration", "durationRound", "unixEpoch", "dateModify",
      "date_modify", "mustDateModify", "must_date_modify", "toDate", "mustToDate", "htmlDate", "htmlDateInZone",
      // defaults and flow
      "default", "empty", "coalesce", "all", "any", "ternary", "deepCopy", "mustDeepCopy", "toPrettyJson",
      "mustToPrettyJson", "toRawJson", "mustToRawJson", "mustFromJson",
      // lists
      "list", "tuple", "first", "mustFirst", "rest", "mustRest", "last", "mustLast", "initial", "mustInitial",
      "append", "push", "mustAppend", "mustPush", "prepend", "mustPrepend", "concat", "reverse", "mustReverse",
      "uniq", "mustUniq", "without", "mustWithout", "has", "mustHas", "compact", "mustCompact", "mustSlice", "chunk",
      "mustChunk",
      // dictionaries
      "dict", "get", "set", "unset", "hasKey", "pluck", "dig", "merge", "mustMerge", "mergeOverwrite",
      "mustMergeOverwrite", "keys", "pick", "omit", "values",
      // types and reflection
      "typeOf", "kindOf", "typeIs", "typeIsLike", "kindIs", "deepEqual",
      // paths, OS, network, URLs, semver
      "base", "dir", "clean", "ext", "isAbs", "osBase", "osClean", "osDir", "osExt", "osIsAbs",
      "getHostByName", "urlParse", "urlJoin", "semver", "semverCompare"};
  auto in = [name](const auto& names) { return std::find(names.begin(), names.end(), name) != names.end(); };
  return in(kGo) || in(kHelm) || in(kSprig);
}

}  // namespace palisade::helm
